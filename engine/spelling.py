"""Children's spellings read as the words they sound like: 시퍼 is 싶어, 주꼬 is 죽고, 시러 is 싫어, 실타 is 싫다.

Korean is often written as it is pronounced: a final consonant slides onto the next syllable (싶어 → 시퍼), a
silent ㅎ disappears or hardens its neighbour (싫어 → 시러, 싫다 → 실타), and two consonants merge into a tense
one (죽고 → 주꼬). Both spellings are read here letter by letter (jamo) as sounds; where
a stretch of the diary sounds like a word of `WORDS`, whole syllables, that stretch is spelled as the word.
Dialect words (아부지) are replaced by the standard ones first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_ONSETS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_CODAS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
# A tense consonant sounds like the plain one twice (죽고 and 주꼬 alike), a cluster like its two letters.
_SPLIT = dict(
    zip(
        "ㄲㄸㅃㅆㅉㄳㄵㄶㄺㄻㄼㄽㄾㄿㅀㅄ",
        (
            "ㄱㄱ",
            "ㄷㄷ",
            "ㅂㅂ",
            "ㅅㅅ",
            "ㅈㅈ",
            "ㄱㅅ",
            "ㄴㅈ",
            "ㄴㅎ",
            "ㄹㄱ",
            "ㄹㅁ",
            "ㄹㅂ",
            "ㄹㅅ",
            "ㄹㅌ",
            "ㄹㅍ",
            "ㄹㅎ",
            "ㅂㅅ",
        ),
        strict=True,
    )
)
# ㅎ next to ㄱ ㄷ ㅈ ㅂ makes them aspirated (좋다 → 조타, 축하 → 추카); elsewhere it is silent (좋아 → 조아).
_ASPIRATED = {"ㄱ": "ㅋ", "ㄷ": "ㅌ", "ㅈ": "ㅊ", "ㅂ": "ㅍ"}

# A friend's or a neighbour's: "친구네", "걔네", "옆집". A child's name before 네 ("민수네") is not read: too many
# sentences end in 네 ("혼자네", "짜증나네", "라면이네").
_SOMEONE_ELSES = "(친구|친구네|친구의|친구들|걔네|쟤네|얘네|짝꿍|짝꿍네|(?<![가-힣])(?:옆집|앞집|윗집|아랫집))"
# Dialect and baby words, as whole stretches of letters (경상도 아부지, 어무이).
DIALECT = {
    "아부지": "아버지",
    "아바이": "아버지",
    "어무이": "어머니",
    "어무니": "어머니",
    "엄니": "어머니",
    "할매": "할머니",
    "할배": "할아버지",
    "할무니": "할머니",
    "할아부지": "할아버지",
    "할부지": "할아버지",
    "할머이": "할머니",
    "할미(?!꽃)": "할머니",
    "삼춘": "삼촌",
    "대디": "아빠",
    "(?:울|우리) ?맘(?=이|가|한테|께|은|도|랑|[ㅠㅜ])": "우리 엄마",
    "(?<![가-힣])파파(?=가|한테|는|랑|도|께|[ㅠㅜ]|$)": "아빠",
    "(?<![가-힣])마미(?=가|한테|는|랑|도|께|[ㅠㅜ]|$)": "엄마",
    "(?<![a-z])appa(?![a-z])": "아빠",
    "(?<![a-z])(?:omma|umma|eomma)(?![a-z])": "엄마",
    # Someone else's parent is a grown-up outside the child's home: "친구네 아빠" is read as 친구네 아저씨 (not
    # "친구. 아빠가", nor "친구랑 엄마").
    f"{_SOMEONE_ELSES} ?(?:아빠|아버지|아부지)": r"\1 아저씨",
    f"{_SOMEONE_ELSES} ?(?:엄마|어머니|어무이)": r"\1 아줌마",
    "아자씨": "아저씨",
    "아재": "아저씨",
    "쌤(?!통)": "선생님",
    "무섭어": "무서워",
    "때리가꼬": "때려서",
    "패부렀": "팼",
    "패삤": "팼",
    "업써": "없어",
    "업서": "없어",
    "믄": "면",
    "직인다": "죽인다",
    "디진다": "죽는다",
    "때렷": "때렸",
    "맞앗": "맞았",
    "그엇": "그었",
    "무서버": "무서워",
    "죽어삐": "죽어버리",
    "죽어불": "죽어버리",
}
# Words whose children's spellings are read as these (the safeguarding signs are written in them). None may
# sound like another word a child writes: 살아 is also 사라(지다), 죽이 is 주기, 팔을 is 파를, 벗으 is 버스, 맞아 is
# (씻자)마자, 죽어 is 주거(나), 싫은 is 실은.
WORDS = (
    "싶어", "싶다", "싶은", "싶지", "싶고", "싶었", "싶네", "싶음",
    "싫어", "싫다", "싫고", "싫음",
    "죽고", "죽어버", "죽을", "죽으", "죽는", "죽었", "죽여",
    "살기", "살고", "없어", "없으", "없는", "없었", "사라져", "사라지",
    "맞았", "맞고", "맞을", "맞는", "맞았어", "맞았다",
    "때렸", "때려", "때리", "때린", "때릴", "때림",
    "무서워", "무섭", "무서웠", "무서운",
    "만졌", "만져", "만지", "만짐",
    "괴롭혀", "괴롭혔", "괴롭히",
    "비밀", "말하지", "말하면", "말하래", "말하지마",
    "굶었", "굶어", "굶고", "밥을", "옷을", "몸을", "손목을", "집에", "혼자",
    "숨었", "숨어", "쫓겨", "갇혔", "갇혀", "잠갔", "잠가", "닫았",
    "벗어", "벗겨", "벗겼",
    "엄마", "아빠", "엄마가", "아빠가", "엄마한테", "아빠한테", "선생님", "선생님이",
)  # fmt: skip
_HANGUL = re.compile("[\uac00-\ud7a3]+")


@dataclass(frozen=True)
class _Sound:
    letter: str
    syllable: int
    """The index, in the stretch, of the syllable the letter was written in."""
    first: bool
    last: bool


def _letters(syllable: str) -> tuple[str, str, str]:
    index = ord(syllable) - 0xAC00
    return _ONSETS[index // 588], _VOWELS[(index % 588) // 28], _CODAS[index % 28]


def sounds(stretch: str) -> list[_Sound]:
    """The letters a stretch of Hangul syllables is heard as, each with the syllable it came from."""
    raw: list[tuple[str, str, int]] = []  # (letter, role: o onset, v vowel, c coda, syllable)
    for number, syllable in enumerate(stretch):
        onset, vowel, coda = _letters(syllable)
        if onset != "ㅇ":  # a written ㅇ before a vowel is silent
            raw.extend((letter, "o", number) for letter in _SPLIT.get(onset, onset))
        raw.append((vowel, "v", number))
        raw.extend((letter, "c", number) for letter in _SPLIT.get(coda, coda))
    heard: list[tuple[str, int]] = []
    for index, (letter, role, number) in enumerate(raw):
        after = raw[index + 1] if index + 1 < len(raw) else None
        before = heard[-1][0] if heard else ""
        if letter == "ㅎ" and role == "c":
            if after is not None and after[1] == "o" and after[0] in _ASPIRATED:
                raw[index + 1] = (_ASPIRATED[after[0]], "o", after[2])
            continue
        if letter == "ㅎ" and role == "o" and before in _ASPIRATED and heard and raw[index - 1][1] == "c":
            heard[-1] = (_ASPIRATED[before], heard[-1][1])
            continue
        if len(heard) >= 2 and heard[-1][0] == heard[-2][0] == letter and letter not in _VOWELS:
            continue  # 죽꼬: three ㄱ sound as two
        heard.append((letter, number))
    result = []
    for index, (letter, number) in enumerate(heard):
        first = index == 0 or heard[index - 1][1] != number
        last = index + 1 == len(heard) or heard[index + 1][1] != number
        result.append(_Sound(letter, number, first, last))
    return result


@cache
def _word_sounds() -> tuple[tuple[str, str], ...]:
    """Each word as the letters it is heard as, longest first."""
    heard = ((word, "".join(sound.letter for sound in sounds(word))) for word in WORDS)
    return tuple(sorted(heard, key=lambda pair: -len(pair[1])))


def respell(text: str) -> str:
    """`text` with dialect words replaced (someone else's parent read as a grown-up outside the home) and
    children's spellings of `WORDS` spelled as the words."""
    for dialect, standard in DIALECT.items():
        text = re.sub(dialect, standard, text)
    return _HANGUL.sub(lambda match: _respell_stretch(match.group(0)), text)


def _respell_stretch(stretch: str) -> str:
    heard = sounds(stretch)
    letters = "".join(sound.letter for sound in heard)
    replaced: dict[int, tuple[int, str]] = {}  # first syllable → (syllables covered, word)
    taken = [False] * len(stretch)
    for word, word_letters in _word_sounds():
        start = letters.find(word_letters)
        while start != -1:
            end = start + len(word_letters) - 1
            first, last = heard[start], heard[end]
            covered = range(first.syllable, last.syllable + 1)
            if first.first and last.last and not any(taken[number] for number in covered):
                for number in covered:
                    taken[number] = True
                replaced[first.syllable] = (len(covered), word)
            start = letters.find(word_letters, start + 1)
    out = []
    number = 0
    while number < len(stretch):
        if number in replaced:
            count, word = replaced[number]
            out.append(word)
            number += count
        else:
            out.append(stretch[number])
            number += 1
    return "".join(out)
