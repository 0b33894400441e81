"""Voice diaries: the words heard in a voice message kept as a message that waits for the child's "응"
before it is drawn, through every check a written diary gets."""

from __future__ import annotations

from bot.messages import voice as voice_texts
from bot.usecases.commands import parse_command
from bot.usecases.conversation import Conversation, Reply
from bot.usecases.listening import Recording
from storage.records import Contact

TOO_FEW_WORDS = ("empty", "too_short")
"""A diary's receipts for words too few to draw: heard in a recording, it was not heard well."""


class VoiceDiaries:
    """A voice message as a conversation's reply: what was heard, with "응" and "다시 말할게" to answer."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.voices = conversation.services.voices

    async def diary(self, sender: Contact, recording: Recording, *, source_key: str, reply_to: str) -> Reply:
        """The question about what was heard; why it was not; help for a child in crisis; nothing at all when
        the child forgot everything (/forget) while it was heard."""
        user = await self.conversation.service.user(sender)
        heard = await self.voices.hear(recording)
        if await self.conversation.privacy.forgotten(user):
            return Reply()
        if heard.status != "heard":
            return Reply(voice_texts.NOT_HEARD[heard.status])
        # "응", "아니", "다시 그려 줘" said out loud are what they are written: a child who cannot type answers so.
        command = parse_command(heard.text)
        if command is not None:
            return await self.conversation.handle(sender, command, said=heard.text)
        # Every check a written diary gets, the words heard get too: help first for a child in crisis.
        reply = await self.conversation.diary(
            sender, heard.text, source_key=source_key, reply_to=reply_to, question=voice_texts.heard(heard.text)
        )
        status = reply.receipt.status if reply.receipt is not None else None
        if status in TOO_FEW_WORDS:
            return Reply(voice_texts.SILENT)
        if status == "full":
            return Reply(voice_texts.ANSWER_FIRST)
        return reply
