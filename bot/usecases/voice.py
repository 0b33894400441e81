"""Voice diaries: the words heard in a voice message kept as a message that waits for the child's "응"
before it is drawn, through every check a written diary gets."""

from __future__ import annotations

from bot.messages import voice as voice_texts
from bot.usecases.conversation import Conversation, Reply
from bot.usecases.listening import Recording
from storage.records import Contact


class VoiceDiaries:
    """A voice message as a conversation's reply: what was heard, with "응" and "다시 말할게" to answer."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.voices = conversation.services.voices

    async def diary(self, sender: Contact, recording: Recording, *, source_key: str, reply_to: str) -> Reply:
        heard = await self.voices.hear(recording)
        if heard.status != "heard":
            return Reply(voice_texts.NOT_HEARD[heard.status])
        # Every check a written diary gets, the words heard get too: help first for a child in crisis.
        return await self.conversation.diary(
            sender, heard.text, source_key=source_key, reply_to=reply_to, question=voice_texts.heard(heard.text)
        )
