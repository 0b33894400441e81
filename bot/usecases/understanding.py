"""What a message that is no command means: a diary to draw, talk to answer (hello, thanks, a question, a
reaction, a bare request), or one to ask about ("그림으로 그려 줄까?"). Anything with a sign of worry, of a
crisis or of an unsafe request is read as a diary, whatever else it looks like: the diary's own checks answer
it, and a child who is not well is never answered with small talk. A statement in the past tense is at least
asked about."""

from __future__ import annotations

import re

from bot.messages.talk import TalkKind
from bot.usecases.diaries import enough_letters
from engine.diary_check import check_diary_text
from engine.message_scorer import ALWAYS_A_DIARY, Reading, read_message, shipped_scorer
from engine.text import clean_diary

_GREETING = re.compile(
    r"^(안녕|안뇽|하이|헬로|hello|hi|hey|ㅎㅇ|반가|방가|좋은아침|굿모닝|잘자|여보세요|나왔|또왔|왔어|왔지롱)"
)
_THANKS = re.compile(r"(고마|고맙|감사|땡큐|땡스|thank|thx|ㄱㅅ|최고)")
_QUESTION = re.compile(r"(뭐|머|어떻게|언제|누구|왜|어디|무슨|몇|할수있|되나|돼요|나요|니$|냐$|까$|야$|어$)")
_HELP_ME = re.compile(r"(?:나|저)?(?:좀)?(?:도와|살려|구해)(?:줘|주세요|줄래|줘요|주라)?\??|도움|도움이필요해")
_PAST_ENDING = re.compile(r"(?:어|다|음|당|지|고|는데|어요|습니다)?(?=[^가-힣]|$)")
_REQUEST = re.compile(r"(그려|그림|보여줘|해줘|바꿔)")


def reading_of(text: str) -> Reading:
    """DIARY, ASK or TALK for a message that is no command."""
    cleaned = clean_diary(text)
    if not cleaned or check_diary_text(cleaned).verdict != "ok":
        return Reading.DIARY
    if not enough_letters(cleaned):
        return Reading.DIARY  # too little to draw: the diary's own answer asks for a sentence
    if len(cleaned) > ALWAYS_A_DIARY:
        return Reading.DIARY
    if _HELP_ME.fullmatch(_said(cleaned)):
        return Reading.TALK  # answered with both the way to the help and the numbers to call
    reading = read_message(shipped_scorer(), cleaned)
    if reading is Reading.TALK and _told(cleaned) and "?" not in cleaned:
        return Reading.ASK  # something that happened, said so ("눈 왔어!"): asked about, never just talked to
    return reading


def talk_kind(text: str) -> TalkKind:
    """Which answer a message that is talk gets (the reading has decided it is no diary)."""
    said = _said(text)
    if _HELP_ME.fullmatch(said):
        return TalkKind.HELP_ME
    if _GREETING.search(said):
        return TalkKind.GREETING
    if _THANKS.search(said):
        return TalkKind.THANKS
    if _REQUEST.search(said):
        return TalkKind.REQUEST
    if "?" in text or "？" in text or _QUESTION.search(said.rstrip("?")):
        return TalkKind.QUESTION
    return TalkKind.TALK


def _told(text: str) -> bool:
    """A statement in the past tense: a syllable with ㅆ below it (갔, 했, 왔), then an ending or nothing."""
    return any(
        "가" <= char <= "힣" and (ord(char) - 0xAC00) % 28 == 20 and _PAST_ENDING.match(text, index + 1)
        for index, char in enumerate(text)
    )


def _said(text: str) -> str:
    """Letters, digits and question marks only, lower case: the form talk is matched in."""
    return "".join(char for char in text.lower() if char.isalnum() or char == "?")
