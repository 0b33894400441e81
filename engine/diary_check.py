"""The diary, before any model: a child in crisis (engine/diary_signs.py), requests for sexual, violent, gory
or frightening pictures (Korean and English), and a worried day.

Three tiers come out of one reading of the diary: *crisis* (`distress`: help and the designated reviewer, no
drawing), *worry* (its drawing and a warm line), *ordinary*; and `unsafe` for a picture no child should be
shown. The diary is read normalised: spacing, punctuation and drawn-out letters do not hide "죽 고 싶 다",
and children's spellings are read as the words they sound like (engine/spelling.py). A match is logged by its
meaning, never by the diary's words.

The first of the three safety layers (see `engine/safety.py`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from engine.diary_cues import HURT
from engine.diary_people import blow_by_someone, grown_up_acts_on_the_child, home_agent, names_anyone, names_home
from engine.diary_scorer import finds_crisis, shipped_scorer
from engine.diary_signs import CRISIS
from engine.signs import CrisisKind, Signs, Verdict
from engine.spelling import respell
from engine.text import compatibility_plain

_WEAPON = "(?:칼|흉기|도끼|망치|(?<!물)(?<!장난감)총)"
_VICTIM = "(?:사람|사람들|친구|친구들|엄마|아빠|동생|형|누나|언니|오빠|선생님|애들|아이|아이들|누군가|남자|여자)"
_EN_VICTIM = r"(?:people|someone|somebody|a\s+person|him|her|them|each\s+other|everyone|kids|children)"
_STAB = "(?:찌르|찔러|찔렀|쏘|쏴|쐈|죽이|죽였|죽인)"
_PICTURE = "(?:그림|장면|모습|사진|영상)"
# Asked for, not seen: "무서운 장면 그려줘" is a request, "무서운 장면이 나와서 눈을 감았다" is a film.
_REQUEST = "(?:을|를|으로|로)?(?:좀|하나|한장|많이|크게)?(?:그려|그리|보여|만들|줘|부탁|$)"

# Requests for pictures no child should be shown, and content that is graphic in itself.
UNSAFE = (
    Signs(
        "unsafe",
        "sexual",
        phrases=(
            "벗은몸",
            "벗은(?:여자|남자)",
            # Not undressing a little brother for his bath: "동생 옷을 벗긴 다음 목욕을 시켜줬다".
            "(?:옷|옷을|다|홀딱|발가)벗(?:은|긴|겨진)(?:채로?)?"
            "(?:여자|남자|사람|몸|모습|그림|사진|누나|언니|형|오빠|아줌마|아저씨|(?:거|것|걸)(?:을|를)?그려)",
            "19금",
            "야동",
            "음란",
        ),
        words=(
            r"\b(?:야한|알몸|나체|누드|성관계|섹스)",
            r"\b(?:sex\w*|nude|naked|porn\w*|nsfw|boobs?|genitals?)\b",
        ),
    ),
    Signs(
        "unsafe",
        "violence",
        phrases=(
            f"{_WEAPON}(?:으로|로|을들고|를들고){_VICTIM}(?:을|를|들을)?{_STAB}",
            f"{_WEAPON}(?:을|를|으로|로)?{_STAB}는{_PICTURE}",
            f"{_VICTIM}(?:을|를|들을)?{_STAB}는{_PICTURE}",
            "사람(?:을|들을)?(?:죽이|죽였|죽인)",
            f"죽이는{_PICTURE}",
        ),
        words=(
            rf"\b(?:murder\w*|shoot(?:s|ing)?|stab(?:s|bing)?|kill(?:s|ing|ed)?)\s+(?:at\s+)?{_EN_VICTIM}\b",
            rf"\b(?:shoot\w*|fir(?:e|es|ed|ing)|aim\w*|point\w*)\s+(?:(?:a|an|the|his|her|their)\s+)?"
            rf"(?:gun|guns|rifle|rifles|pistol|pistols)\s+at\s+{_EN_VICTIM}\b",
            r"\b(?:gun|guns|knife|knives)\s+(?:killing|shooting|stabbing)\b",
        ),
    ),
    Signs(
        "unsafe",
        "gore",
        phrases=(
            # Asked for as a picture: a bleeding knee or nose ("코피가 철철 났다") is an everyday day.
            f"(?<!커)피(?:가|를|이)?(?:철|흥건|뿜|튀).{{0,5}}?(?:{_PICTURE}{_REQUEST}|그려)",
            f"피(?:를)?흘리는(?:사람|괴물|동물|여자|남자)?(?:{_PICTURE}{_REQUEST}|(?:을|를)?그려)",
            "피(?:투성이|범벅)",
            "(?:목|팔|다리)(?:이|가)?(?:잘린|잘려)",
            "목을?(?:베어|베는|벴|잘라|자르|잘랐)",
            "(?:좀비|괴물)(?:가|이)?(?:사람|사람들)(?:을|를)?(?:잡아먹|먹|물어뜯)",
        ),
        words=(
            # 시체놀이 is lying about all weekend; "시체처럼 잤다" is sleeping soundly.
            r"\b(?:잔인|잔혹|시체(?!\s?(?:놀이|처럼|같이)))",
            r"\b내장(?!산)",
            r"\b(?:gore|gory|bloody|corpses?|dead\s+bod(?:y|ies)|decapitat\w*)\b",
        ),
    ),
    Signs(
        "unsafe",
        "frightening",
        phrases=(
            f"(?:무서운|끔찍한|소름끼치는|징그러운){_PICTURE}{_REQUEST}",
            "(?:무서운|끔찍한|소름끼치는)(?:괴물|귀신|좀비|유령)(?:을|를)?그려",
            "(?:귀신|유령|좀비|악마|해골)(?:을|를)?그려",
        ),
        words=(r"\b(?:horror|terrifying|creepy|scary)\s+(?:picture|image|drawing|scene)\b",),
    ),
)
# A sad day: its drawing in its mood and a warm line; nobody is alerted.
WORRY = (
    Signs(
        "worry",
        "a sad or worried day",
        phrases=(
            "슬프|슬퍼|슬펐|속상|서운|섭섭|외로|외롭|쓸쓸|허전|우울|울었|울어|울고|눈물|억울|걱정|불안|무서웠|무서워(?!서?죽는줄|서?죽을뻔)|"
            "혼났|혼나|혼남|혼날|꾸중|야단|싸웠|싸워|싸움|다퉜|다툼|삐졌|미안|후회|아팠|아파|다쳤|다쳐|넘어져|넘어졌|"
            "깁스|피났|멍들|졌다|져서|망쳤|망했|틀렸|못했|떨어졌|꼴찌|놀렸|놀려|놀림|빼고놀|빼고|따돌|혼자놀|혼자서|"
            "보고싶|그리워|그립|돌아가셨|돌아가신|장례|하늘나라|무지개다리|죽었|죽어서|잃어버|이사|전학|헤어|이혼|"
            "아무도(?:나를|날|나랑|나한테)|(?:나는|난)(?:정말|진짜|너무)?(?:쓸모없|필요없|못생|바보)|잘하는게없|"
            "나자신이싫|힘들(?!어?서?죽는줄|어?서?죽을뻔)|지쳤|짜증|화나|화났|심심|서럽|서러|서운|창피|질투|불공평|외톨이|탈락|망함|절교|실망|"
            "떨려(?!서?죽는줄|서?죽을뻔)|못받았|안놀아|떨어져산|못본대|못봐|싫어하는|싫대|나만(?:못|없|초대|안)|기분나빠|바보인가|배신|잔소리|"
            "흑흑|슬픈|소리질렀|소리질러|압수|뺏었|깎였|못탔|못갔|상처받|스트레스|미워|미운|어색|꿀꿀|쓰라|"
            "떨어짐|틀려서|(?:애들이|다들|친구들이)(?:나보고|날보고)?웃었|비웃|양보하래|이뻐해|안불러|씹혀|되는게(?:하나도)?없|아무랑도|못알아|입원|수술|치여서",
        ),
        words=(
            r"\b(?:sad|lonely|cried|crying|miss|scared|upset|angry|hurt|worthless)\b",
            r"\b(?:nobody|no\s+one)\s+(?:loves|likes|wants)\s+me\b|\bi\s+(?:really\s+|just\s+)?hate\s+myself\b",
            r"나\s?자신이\s?(?:너무\s?|정말\s?|진짜\s?)?싫|[😢😭😞😔😿💔😥😩😫]",
            # Tears drawn as vowels: the compact reading drops them.
            r"[ㅠㅜ]",
        ),
    ),
)
SIGNS = CRISIS + HURT + UNSAFE + WORRY

_HANGUL_REPEAT = re.compile(r"([\uac00-\ud7a3\u3131-\u314e])\1+")
# Standalone vowels are a child's drawn-out sounds and tears: 싶다ㅏㅏ, 죽고ㅠㅠ싶어.
_HANGUL_VOWELS = re.compile(r"[\u314f-\u3163]")
_LATIN_REPEAT = re.compile(r"([a-z])\1{2,}")


@dataclass(frozen=True)
class TextCheck:
    verdict: Verdict
    reason: str = ""
    """The meaning of the group that matched (for logs and tests: `Signs.meaning`, never the diary text)."""
    kind: CrisisKind | None = None
    """For a crisis: its kind (self-harm, harm by a grown-up at home …); None when only a model found it."""
    home_named: bool = False
    """For a crisis: someone the child lives with or is family to is named (the parents are never told)."""
    adult_named: bool = False
    """For a crisis: a grown-up, or anyone who could be the cause, is named (at home or not)."""
    harm_too: bool = False
    """For a crisis: signs of harm by someone (not self-harm, not other children) are there as well."""

    @property
    def tell_parents(self) -> bool:
        """A linked parent may hear of this day, gently: only a crisis the rules read as self-harm or bullying
        that names nobody at home, no grown-up and no one else as a cause. When unsure, they are not told."""
        return (
            self.verdict == "distress"
            and self.kind in TELLABLE
            and not (self.home_named or self.adult_named or self.harm_too)
        )


TELLABLE = ("self_harm", "bullying")
HURT_KINDS = ("harm_home", "harm_adult", "sexual", "fear_home")


LEARNED = "found by the learned reading"


def check_diary_text(text: str) -> TextCheck:
    """A crisis first (a child asking for help needs care, not a refusal), then unsafe requests, then worry.

    A day the rules read as ordinary or worried is a crisis still when the learned reading finds one
    (engine/diary_scorer.py): of unknown kind, so the parents are never told. So is an unsafe picture asked
    for beside a crisis ("귀신 그려줘 엄마 아빠가 나 버리고 … 며칠째"): the reading reads what the diary says
    besides the request."""
    phrases, words = readings(text)
    check = _by_rules(phrases, words)
    if check.verdict == "distress":
        return check
    if check.verdict != "unsafe":
        found = finds_crisis(shipped_scorer(), phrases, words[0])
    else:
        besides = _besides_the_request(phrases)
        found = len(besides) >= MIN_BESIDES and finds_crisis(shipped_scorer(), besides, "")
    return _crisis(LEARNED, None, phrases, words) if found else check


MIN_BESIDES = 8
"""Letters a diary must say besides an unsafe request for the learned reading to read them."""


def _besides_the_request(phrases: str) -> str:
    for signs, phrase, _ in _compiled():
        if signs.verdict == "unsafe" and phrase is not None:
            phrases = phrase.sub("", phrases)
    return phrases


def _by_rules(phrases: str, words: tuple[str, ...]) -> TextCheck:
    for signs, phrase, word in _compiled():
        if not _hits(phrase, word, phrases, words):
            continue
        if signs.verdict == "worry" and _laughing(phrases):
            return TextCheck("ok")
        if signs.verdict == "unsafe" and signs.meaning in DISCLOSED and _disclosed(phrases, words):
            # "아저씨가 벗은 몸을 보여줬어" is a child telling of harm, not asking for a picture.
            kind: CrisisKind = "sexual" if signs.meaning == "sexual" else "harm_adult"
            return _crisis(signs.meaning, kind, phrases, words)
        if signs.verdict != "distress":
            return TextCheck(signs.verdict, reason=signs.meaning)
        if signs.kind == "bullying" and _NOT_BULLYING.search(phrases):
            # A push that was an accident, or a fight both joined, is a sad day.
            return TextCheck("worry", reason=WORRY[0].meaning)
        return _crisis(signs.meaning, signs.kind, phrases, words)
    return TextCheck("ok")


def crisis_reading(text: str) -> TextCheck:
    """A diary another reader (a model) found in crisis, as the rules read it: their kind when they see one
    (else none), and who is named. The parents are never told of what only a model found."""
    check = check_diary_text(text)
    if check.verdict == "distress":
        return check
    phrases, words = readings(text)
    found = _crisis("found by a model", None, phrases, words)
    return TextCheck(found.verdict, found.reason, None, found.home_named, found.adult_named, harm_too=True)


# The unsafe-picture meanings a child may be telling of rather than asking for, when someone is named.
DISCLOSED = ("sexual", "violence", "gore")
_ASKED = re.compile("그려|그리|만들어|그림|사진으로|보여줘$|draw|picture", re.IGNORECASE)


def _hits(phrase: re.Pattern[str] | None, word: re.Pattern[str] | None, phrases: str, words: tuple[str, ...]) -> bool:
    return bool((phrase and phrase.search(phrases)) or (word and any(word.search(form) for form in words)))


def _disclosed(phrases: str, words: tuple[str, ...]) -> bool:
    return names_anyone(phrases, words) and not _ASKED.search(phrases)


def _crisis(reason: str, kind: CrisisKind | None, phrases: str, words: tuple[str, ...]) -> TextCheck:
    """A crisis with who is named, and whether signs of harm by someone are there beside its own."""
    harms = [
        signs
        for signs, phrase, word in _compiled()
        if signs.verdict == "distress" and signs.kind not in TELLABLE and _hits(phrase, word, phrases, words)
    ]
    blown, blow = blow_by_someone(phrases, words[0]) if kind == "self_harm" else (False, None)
    harm_too = bool(harms) or blown
    # Thoughts of dying beside someone who hurts the child (in the looser cues of engine/diary_cues.py only when a
    # grown-up is named as the one who acts: "엄마한테 혼나서 머리를 벽에 박았어" may be the child's own act), or
    # beside a blow by someone who is neither another child, the child, nor a thing: the hurt is the kind, so the
    # child reads 112 first and the reviewer who hurts. Not neglect or a secret, which the child may be keeping
    # themselves ("긴팔 입어서 엄마는 몰라").
    cue_by_a_grown_up = grown_up_acts_on_the_child(phrases)
    hurt = [signs.kind for signs in harms if signs.kind in HURT_KINDS and (_signed(signs) or cue_by_a_grown_up)]
    if kind == "self_harm" and (hurt or blow):
        kind = hurt[0] if hurt else blow
    # 할아버지 is a grandfather or an old man: the grown-up who hurt is someone at home when one of them is named
    # as the one who did something.
    if kind == "harm_adult" and home_agent(phrases):
        kind = "harm_home"
    return TextCheck(
        "distress",
        reason=reason,
        kind=kind,
        home_named=names_home(phrases, words),
        adult_named=names_anyone(phrases, words),
        harm_too=harm_too,
    )


def readings(text: str) -> tuple[str, tuple[str, ...]]:
    """The diary as the phrases read it (letters and digits only) and as the words read it (single spaces).

    Drawn-out letters are collapsed: Hangul to one (죽고 싶어어어), English to two and to one, so that
    both `kill` and `die` survive `killll` and `dieeee`.
    """
    text = respell(compatibility_plain(unicodedata.normalize("NFC", text)).lower())
    compact = "".join(char for char in text if char.isalnum())
    compact = _HANGUL_REPEAT.sub(r"\1", _HANGUL_VOWELS.sub("", compact))
    spaced = " ".join(text.split())
    return compact, (_LATIN_REPEAT.sub(r"\1\1", spaced), _LATIN_REPEAT.sub(r"\1", spaced))


@cache
def _compiled() -> tuple[tuple[Signs, re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    def joined(patterns: tuple[str, ...], *, compact: bool) -> re.Pattern[str] | None:
        if not patterns:
            return None
        source = "|".join(patterns)
        # The compact reading has every drawn-out letter once (상상 → 상): so do the phrases.
        return re.compile(_HANGUL_REPEAT.sub(r"\1", source) if compact else source, re.IGNORECASE)

    return tuple((signs, joined(signs.phrases, compact=True), joined(signs.words, compact=False)) for signs in SIGNS)


def _signed(signs: Signs) -> bool:
    """The signs are the phrases of engine/diary_signs.py, not the looser cues."""
    return all(signs is not cue for cue in HURT)


_NOT_BULLYING = re.compile("일부러그런(?:게|건|거)아니|실수로|모르고|싸웠|싸움|나도때렸|나도때림|서로")
# Laughter over a sad-looking word ("주사 맞았다 안 울었어 ㅎㅎ", "게임에서 또 죽었다 ㅋㅋ") is an ordinary day,
# unless the child says plainly that they were sad.
_LAUGHTER = re.compile("ㅋ|ㅎㅎ|😂|🤣|😆|ㅎ$|재밌|재미있|웃겨|웃음|신나|최고|안아팠|안울었|멋있")
_PLAINLY_SAD = re.compile("슬프|슬퍼|슬펐|속상|서운|서럽|서러|외로|우울|눈물|억울|보고싶|그리워|돌아가셨")


def _laughing(phrases: str) -> bool:
    return bool(_LAUGHTER.search(phrases)) and not _PLAINLY_SAD.search(phrases)
