"""Who a crisis diary names, and who acts in it: someone at home, any grown-up or anyone who could be the cause,
a grown-up doing something to the child, and whose blow stands beside thoughts of dying. Read by
engine/diary_check.py on the same readings as the signs (compact, and as typed)."""

from __future__ import annotations

import re
from functools import cache

from engine.diary_words import BLOWS, HOME_ADULT, HOME_NAMED, OTHER_ADULT, PEER, PEOPLE_NAMED
from engine.signs import CrisisKind


def names_home(phrases: str, words: tuple[str, ...]) -> bool:
    """Someone the child lives with or is family to is named."""
    return _names(_compile(HOME_NAMED), phrases, words)


def names_anyone(phrases: str, words: tuple[str, ...]) -> bool:
    """Someone at home, a grown-up, or anyone who could be the cause (그 사람, he) is named."""
    return _names(_compile(PEOPLE_NAMED), phrases, words)


def _names(named: re.Pattern[str], phrases: str, words: tuple[str, ...]) -> bool:
    """Korean names read without spaces, once with drawn-out letters collapsed and once as typed (파파, 엄마ㅏㅏ;
    "간호사 선생님" stays a nurse); English names as whole words, drawn out or not (daaad)."""
    typed = "".join(char for char in words[0] if char.isalnum())
    if named.search(phrases) or any(not found.group().isascii() for found in named.finditer(typed)):
        return True
    return any(found.group().isascii() for form in words for found in named.finditer(form))


def home_agent(phrases: str) -> bool:
    """Someone at home is named as the one who did something ("할아버지가", "아빠는 … 끌고 다녀"), not as the one
    who was told or does not know ("엄마한테는", "아빠는 몰라"), nor as a friend's ("친구 아빠가")."""
    return _compile(_HOME_AGENT).search(phrases) is not None


def grown_up_acts_on_the_child(phrases: str) -> bool:
    """A grown-up is named as the one who does something to the child: "삼촌이 나를 끌고 다녀" (not "엄마가 안아줬는데도
    내가 머리를 벽에 박았어")."""
    return _compile(_ACTS_ON_THE_CHILD).search(phrases) is not None


def blow_by_someone(phrases: str, words: str) -> tuple[bool, CrisisKind | None]:
    """Whether someone's blow is told (unless the one named right before it is another child, the child or a
    thing: "걔가 때려서", "애들한테 맞았어", "공이"), and whose: someone at home's or another grown-up's, or None
    when it cannot be told (an English "he hits me" at school). In English a person's ("my bro hits me")."""
    blows, nobody, home = _compile(BLOWS), _compile(_NOBODY), _compile(_HOME_BEFORE)
    for found in blows.finditer(phrases):
        before = phrases[max(0, found.start() - 8) : found.start()]
        if not nobody.search(before):
            return True, "harm_home" if home.search(before) else "harm_adult"
    english = _compile(_HITS_ME).search(words)
    if english is None:
        return False, None
    if english.group("pronoun") and _compile(_AT_SCHOOL).search(words):
        return True, None
    # Up to the doer, so that "my" before "bro" is read with it.
    at_home = english.group("home") or (english.group("who") and home.search(words[: english.end("who")]))
    return True, "harm_home" if at_home else "harm_adult"


_HOME_AGENT = f"(?<!친구){HOME_ADULT}(?:이|가|께서|(?:는|은|도)(?!.{{0,6}}(?:몰라|모르|모름|몰랐)))"
_ACTS_ON_THE_CHILD = (
    f"(?<!친구)(?:{HOME_ADULT}|{OTHER_ADULT})(?:이|가|께서)(?:(?!내가|제가|나는).){{0,12}}?"
    "(?:나를|날|저를|내(?!가)|나한테|저한테|나보고)"
)
_HOME_BEFORE = f"(?:{HOME_NAMED})$"
_OLDER_CHILDREN = "(?:학년|중학생|중딩|고딩|동네|학원|학교|도장|옆반|다른반)(?:형아|형|오빠|누나|언니)"
_NOBODY = (
    # Another child (the older ones of the school or the street, a friend's brother), the child itself, or a
    # thing ("공이 얼굴을 때려서", "내가 나를 때렸어", "꿈에서 괴물이").
    f"(?:{_OLDER_CHILDREN}|(?:{PEER}|애|옆집)(?:의)?(?:형아|형|오빠|누나|언니)|(?:중학생|고등학생|중딩|고딩|형아)들|{PEER}|"
    "동생|남자애|여자애|반애|한애|(?<![아안])내|제|공|보스|괴물|몬스터|좀비|바람|파도|모기|벌)$"
)
_HITS_ME = (
    r"(?:(?P<home>아빠|엄마|삼촌|할머니|할아버지|형|오빠|누나|언니)|\b(?P<pronoun>he|she|they|someone|somebody)|"
    r"\b(?:gran|granny|nan|(?:my|the|a|his|her|our)\s+(?:\w+\s+)?(?P<who>\w*dad|\w*mom|\w*mum|father|mother|parents?|"
    r"uncle|aunt|bro|brother|sis|sister|gran|grandpa|grandma|cousin|neighbou?r|babysitter|nanny|tutor|coach|teacher|"
    r"man|woman|lady|guy|boyfriend|girlfriend|pastor)))\s+(?:always\s+|keeps\s+|still\s+)?"
    r"(?:hits|hit|beats|beat|kicks|kicked|slaps|slapped|punches|punched)\s+me\b"
    # Not beaten at a game, nor kicked out of one.
    r"(?!\s+out\b|\s+(?:at|in)\s+(?:\w+\s+){0,2}(?:games?|chess|uno|mario|cards|ping|pong|races?|spelling|match|"
    r"tennis|fortnite|minecraft|roblox|dodgeball|tag|every)\b)"
)
_AT_SCHOOL = r"\b(?:school|recess|class|classmates?|playground|game|dodgeball)\b"


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)
