"""The diary, before any model: requests for sexual, violent, gory or frightening pictures (Korean and
English), and signs of a child in distress (self-harm, wishing to die, abuse).

The first of the three safety layers (see `engine/safety.py`); a match is logged by its meaning, never by
the diary's words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

Verdict = Literal["ok", "unsafe", "distress"]


@dataclass(frozen=True)
class Signs:
    """The patterns of one meaning; `meaning` is what a match is logged as, never the diary text."""

    verdict: Verdict
    meaning: str
    phrases: tuple[str, ...] = ()
    """Korean phrases, matched on the diary without spaces, punctuation or repeats: `죽 고 싶 다`, `죽고싶다ㅏㅏ`."""
    words: tuple[str, ...] = ()
    """Short Korean words and English, matched on the diary with single spaces: `자해` must start a word,
    for "놀자 해서" without spaces holds it too."""


# Pieces the phrases share. People a child lives with or is looked after by (older siblings included):
_CARER = (
    "(?:아빠|엄마|아버지|어머니|새아빠|새엄마|계모|계부|부모님|할아버지|할머니|삼촌|외삼촌|이모|고모|"
    "선생님|어른|아저씨|아줌마|형|오빠|누나|언니)"
)
# Grown-ups other than a parent. Their touching a child's body, or asking a child to undress, is a warning
# sign; a parent bathing a child or feeling for a fever is not. A doctor or a nurse examining is not either.
_OTHER_ADULT = (
    "(?:삼촌|외삼촌|큰아빠|작은아빠|이모부|고모부|사촌오빠|사촌형|새아빠|계부|(?<!의사)(?<!간호사)선생님|"
    "코치|관장님|아저씨|아줌마|어른|할아버지|오빠|형|(?:모르는|낯선|처음보는)(?:사람|어른|아저씨|아줌마|형|오빠))"
)
# Other children:
_PEER = (
    "(?:친구|친구들|애들|반애들|같은반애들|형들|오빠들|누나들|언니들|선배|선배들|"
    "걔|걔네|걔들|쟤네|쟤들|남자애들|여자애들)"
)
_PEERS = "(?:친구들|애들|반애들|같은반애들|형들|오빠들|누나들|언니들|선배들|걔네|걔들|쟤네|쟤들|남자애들|여자애들)"
# "by" in "맞았다 by someone", and the words that may stand between the person and the blow:
_BY = "(?:한테|에게|께|한테서|에게서)"
_HOW = (
    "(?:또|막|계속|자꾸|많이|엄청|세게|심하게|맨날|매일|오늘도|또다시|갑자기|화나서|화가나서|술마시고|술먹고|"
    "혼나고|혼나서|혼났는데|혼내면서|나를|날|저를|나랑동생을|우리를|머리를|뺨을|뺨|따귀를|따귀|싸대기를|싸대기|"
    "얼굴을|등을|배를|다리를|엉덩이를|종아리를|손바닥을|몇대|한대|여러대|매를|매|두들겨|"
    "손으로|주먹으로|발로|회초리로|막대기로|매로|벨트로|허리띠로|옷걸이로|효자손으로|몽둥이로|빗자루로|자로)*"
)
# Not 맞는: "엄마한테 맞는 옷" is clothes that fit. Not 맞아 said back: "엄마한테 맞아 맞아 하고 대답했다".
_STRUCK = "(?:맞았|맞아(?!맞|라고|하고|하며|했|요라고|요하고)|맞고|맞음|맞을까|얻어맞)"
# Not 때려잡다 (swat a fly), nor pretending ("때리는 척"), nor a rule or a "not" ("때리지 말라고", "때리면 안 돼",
# "때리지 않는다", "안 때린다"; 동안 is "for a while", not 안).
_HITS = (
    "(?<![^동]안)(?<!못)"
    "(?:때렸|때려(?!잡|서는안|도안)|때린(?!척|적없|적이없|적은없|적도없)"
    "|때리(?!는(?:척|시늉|흉내)|지(?:는|도|를)?(?:말|마|않|안)|면안)|발로찼|발로차|목을졸)"
)
# What may be hit that is not a child: "아빠가 공을 세게 때렸다" and "홈런을 때렸다" are baseball; "베개로 때렸다"
# is a pillow fight.
_THING = (
    "(?:(?:공|북|드럼|모기|파리|벌레|샌드백|못|종|셔틀콕|장난감|인형|베개|장작)(?:을|를)"
    "|홈런|안타|장타|[23]루타|결승타|(?:베개|쿠션|풍선|물풍선|뿅망치|눈덩이|눈뭉치)(?:로|으로))"
)
# A pinch, a push or a slap, done to the child ("엄마가 볼을 꼬집었다" is affection; "쳐다보다" is to look).
_PUSHED = "(?:쳤|쳐(?!다|주|줬|준)|꼬집(?!어주)|밀쳤|밀쳐|밀어서넘어|밀어버|팼|패(?!스|션)|할퀴)"
_PRIVATE = "(?:가슴|찌찌|팬티|속옷|엉덩이|성기|사타구니|잠지|소중이|소중한곳|소중한데|중요한곳|은밀한곳|고추|거기)"
_TOUCHED = (
    "(?:을|를|도|에|속을|속에|안을|안에|속으로|안으로|속까지)?"
    "(?:손을넣|손넣|(?:자꾸|계속|막|몰래|또|억지로)*(?:만지|만졌|만져|만짐|주물|핥|쓰다듬|비비|비볐|문질))"
)
# A bath, a change of clothes or a doctor: the everyday reasons to undress.
_BATH = "(?:목욕|씻|샤워|갈아입|수영|잠옷|체육복|병원|진료|주사)"
_UNDRESS = "(?:옷|바지|팬티|속옷|치마|윗옷|웃옷)(?:을|를)?(?:다)?(?:벗으라|벗으래|벗어보라|벗어봐|벗겼|벗기려|벗어달)"
_WEAPON = "(?:칼|흉기|도끼|망치|(?<!물)(?<!장난감)총)"
_VICTIM = "(?:사람|사람들|친구|친구들|엄마|아빠|동생|형|누나|언니|오빠|선생님|애들|아이|아이들|누군가|남자|여자)"
_EN_VICTIM = r"(?:people|someone|somebody|a\s+person|him|her|them|each\s+other|everyone|kids|children)"
_STAB = "(?:찌르|찔러|찔렀|쏘|쏴|쐈|죽이|죽였|죽인)"
_PICTURE = "(?:그림|장면|모습|사진|영상)"
# Asked for, not seen: "무서운 장면 그려줘" is a request, "무서운 장면이 나와서 눈을 감았다" is a film.
_REQUEST = "(?:을|를|으로|로)?(?:좀|하나|한장|많이|크게)?(?:그려|그리|보여|만들|줘|부탁|$)"

# Distress comes first: a child asking for help needs care, not a refusal. Specific phrases only:
# "배고파 죽겠다" (so hungry), "공에 맞았다" (a ball hit me) and "혼났다" (scolded) are everyday words.
DISTRESS = (
    Signs(
        "distress",
        "wish to die",
        phrases=(
            # 죽고 싶다 as children spell it: 죽고파, 죽고 십다, 죽고시퍼, 죽구 싶어; not 죽고 파란 (a game).
            "죽(?:고|구)(?:싶|십|시퍼|시프|파(?!란|랗|도|티)|퍼)",
            # The slang 뒤지다: not 서랍을 뒤지고 싶다, which is rummaging.
            "(?<![을를])(?:뒤지|디지|뒈지)(?:고|구)(?:싶|십|시퍼|파)",
            "(?<![을를])(?:뒤져|디져|뒈져)버(?:릴까|릴래|릴거|릴꺼|리고싶|리고파)",
            "(?:그냥|확|콱|차라리)(?:뒤질|디질)(?:까|래)",
            "죽어버리고싶",
            "죽어버릴(?:까|래|거|꺼|게)",
            "(?:그냥|확|콱|차라리)죽(?:을까|을래|어버릴|자)",
            "죽는게(?:더)?(?:낫|나아|편하)",
            "죽어야(?:겠|할까)",
            "(?:내가|나는|난)(?:그냥|차라리)?죽(?:었으면|으면)좋겠",
            # "내가 죽으면 엄마가 슬퍼할까": what others would feel, not a game's "내가 죽으면 다시 시작".
            "(?:내가|나는|난|제가)(?:그냥|만약|만약에)?죽으면.{0,10}(?:슬퍼|울까|울거|울겠|좋아할|편할|알까|모를|신경)",
            "살고싶지(?:가)?않",
            "살기(?:가)?싫",
            # Not 시골에 사는 게 싫다 (where one lives) nor 물건을 사는 게 싫다 (buying).
            "(?<![을를에])(?<!에서)사는(?:게|것이|것도|거)(?:너무|정말|진짜|다|그냥)?(?:싫|지겨|지긋)",
            "살아서뭐해",
            "살이유가없",
            # Not a trick: "마술사처럼 사라지고 싶다", "투명인간이 돼서 사라지고 싶다".
            "(?<!처럼)(?<!같이)(?<!돼서)(?<!되서)(?<!되어)(?<!으로)(?:사라|없어)(?:지고|져버리고)싶",
            "(?:나같은건|나같은애는|나따위는?)(?:없어|사라|죽|필요없|태어나지)",
            "(?:나는|난|내가)(?:그냥|차라리|확)?(?:없어|사라)(?:지면좋겠|졌으면좋겠|져야|지는게나)",
            "(?:나는|난|내가)(?:그냥|차라리)사라질래",
            "태어나지(?:말|않았으면|않는게)",
            "안태어났으면",
            "(?:옥상|창문|베란다|아파트)(?:에서|밖으로)뛰어내리",
            # From a bridge only when wished for: "계곡 다리에서 뛰어내리면서 물놀이를 했다" is a swim.
            "다리(?:에서|위에서|밑으로)뛰어내(?:리고싶|리고파|릴까|릴래|리려고|려버릴)",
        ),
        words=(
            # "나" on its own only as a word: "숙제나 없어졌으면 좋겠다" wishes the homework away.
            r"\b나\s+(?:그냥\s+|차라리\s+|확\s+)?(?:없어|사라)\s?(?:지면|졌으면|져\s?버렸으면)\s?좋겠",
            r"\b나\s+(?:그냥|차라리)\s+사라질래",
            r"\b나\s+(?:그냥\s+|만약\s+)?죽으면\s.{0,12}(?:슬퍼|울까|울거|좋아할|편할|알까|모를|신경)",
            # A lesson is not a wish: 자살 예방 교육, and 자살골 is an own goal.
            r"\b자살(?!골|\s?예방|\s?방지)",
            r"\b(?:kill(?:ing)?\s+myself|(?:want|wanna)\s+(?:to\s+)?die|wish\s+i\s+(?:was|were)\s+dead)\b",
            r"\b(?:end\s+my\s+life|don'?t\s+want\s+to\s+live|better\s+off\s+dead|i\s+(?:really\s+|just\s+)?hate\s+my\s+life)\b",
            r"\bsuicid\w*\b(?!\s+prevention)",
        ),
    ),
    Signs(
        "distress",
        "self-harm",
        phrases=(
            "손목(?:을)?(?:긋|그었|그어|그을)",
            "손목(?:을|에)?(?:칼|커터칼|면도칼|칼날|가위|유리)(?:로|으로)(?:긋|그었|그어|그을|베었|벴|베어)",
            "(?:칼|커터칼|면도칼)(?:로|으로)(?:내|제)?(?:손목|팔|몸|다리)(?:을|를)?(?:긋|그었|그어|찔렀|찔러|베었|벴)",
            # Only a drawn line on the hand: "요리하다가 칼로 손을 베었다" is an accident.
            "(?:칼|커터칼|면도칼|칼날)(?:로|으로)(?:내|제)?(?:손|손등|손가락|허벅지|배)(?:을|를)?(?:긋|그었|그어|그을)",
            "(?:팔|손목|손|다리|몸|허벅지)(?:에|을|를)?일부러(?:상처|긁|그었|그어|베|찔)",
        ),
        words=(r"\b자해", r"\b(?:self[-\s]?harm\w*|hurt(?:ing)?\s+myself|cut(?:ting)?\s+myself)\b"),
    ),
    Signs(
        "distress",
        "hit or abused by a grown-up",
        phrases=(
            f"{_CARER}{_BY}{_HOW}{_STRUCK}",
            f"집에서{_HOW}{_STRUCK}",
            f"{_CARER}(?:이|가|께서|는|은)?{_HOW}{_HITS}",
            # "아빠가 내가 말을 안 들어서 때렸다": a reason in between, unless what was hit is a thing.
            f"{_CARER}(?:이|가|께서)(?:(?!{_THING}).){{0,12}}{_HITS}",
            f"{_CARER}(?:이|가|께서|는|은)?(?:또|자꾸|계속|맨날|세게|갑자기|화나서|막)*(?:나를|날|저를|내|제)"
            f"(?:머리|뺨|얼굴|뒤통수|배|엉덩이|등|팔|다리)?(?:를|을)?(?:또|자꾸|계속|세게|막|주먹으로|손으로)*{_PUSHED}",
            "(?:나를|날|저를)(?:자꾸|계속|맨날|매일)?학대",
        ),
        # "beat me at chess" is a game.
        words=(
            r"(?:\b|아동)학대(?:해|했|하|당|를|받)",
            r"\b(?:dad|daddy|mom|mommy|mum|father|mother|parents?|stepdad|stepmom|teacher|uncle|brother|sister)"
            r"\s+(?:\w+\s+)?(?:hit|hits|beat|beats|kicked|kicks|slapped|slaps|punched|punches|hurts)\s+me\b"
            r"(?!\s+(?:at|in)\b)",
            r"\b(?:beats?|hits?|kicks?|slaps?|punch(?:es)?)\s+me\b(?!\s+(?:at|in)\b)",
            r"\babus(?:e|ed|es|ing)\b",
        ),
    ),
    Signs(
        "distress",
        "touched by a grown-up",
        phrases=(
            # Anyone grown-up, a parent too, on "my" private parts: not 할머니가 고추를 만졌다 (chili peppers).
            f"(?:{_CARER}|{_OTHER_ADULT}|누가|누군가)(?:이|가|께서|는|은)?.{{0,8}}(?:내|제|나의|저의){_PRIVATE}{_TOUCHED}",
            # A grown-up other than a parent, on the body or the private parts.
            f"{_OTHER_ADULT}(?:이|가|께서|는|은)?.{{0,8}}(?:몸|{_PRIVATE}|(?:바지|치마)(?:속|안)){_TOUCHED}",
            # Touching, then a secret: "삼촌이 만지고 비밀로 하라고 했어" (not 선물 포장을 만지고: a surprise).
            f"(?:{_CARER}|{_OTHER_ADULT})(?:이|가|께서|는|은)(?:나를|날|내몸을|몸을|몰래|자꾸|또)*(?:만지|만졌|만져)"
            "(?:고|면서|더니|놓고|고나서|서)?.{0,12}?(?:비밀|말하지말|말하면안|아무한테도)",
            f"(?:{_CARER}|{_OTHER_ADULT})(?:이|가|께서|는|은)(?:비밀이라고|비밀이라며|비밀로하자며|비밀로하라면서)"
            "(?:나를|날|내몸을|몸을|몰래|자꾸|또)*(?:만지|만졌|만져)",
            # A kiss asked of the child by a man or a stranger (a grandmother's kiss is everyday). 뽀뽀 reads as
            # 뽀 once repeats are collapsed.
            "(?:(?:모르는|낯선|처음보는)(?:사람|어른|아저씨|아줌마|형|오빠|누나|언니|할아버지)|아저씨)"
            "(?:이|가|께서|는|은)?.{0,10}?(?:(?:뽀|키스)(?:하라|해달|해주면|해줘|하자|하래|해보라)|(?:나한테|나에게|나를)(?:뽀|키스))",
            # Told to undress, by a grown-up other than a parent or with no one named, and no bath or doctor near.
            f"(?:^|{_OTHER_ADULT}(?:이|가|께서|는|은)?(?:(?!{_BATH}).){{0,12}}?){_UNDRESS}(?!.{{0,12}}{_BATH})",
        ),
    ),
    Signs(
        "distress",
        "bullied",
        phrases=(
            f"{_PEER}(?:이|가|은|는|도)?{_HOW}(?:{_HITS}|괴롭)",
            f"{_PEER}(?:이|가)(?:(?!{_THING}).){{0,12}}(?:{_HITS}|괴롭)",
            f"{_PEER}{_BY}{_HOW}{_STRUCK}",
            "(?:나를|날|저를)(?:자꾸|계속|맨날|매일)?괴롭",
            "(?:나를|날|저를|나만)(?:계속|자꾸|맨날|매일|또|다같이)*(?:따돌|따시|왕따|은따)",
            # Teased again and again, or by a group; one friend's teasing once is a game. 놀려고 is "to play".
            f"{_PEER}(?:이|가|은|는|도)?(?:나를|날|저를|나만)?(?:계속|자꾸|맨날|매일|또|만날)+"
            "(?:나를|날|저를|나만)?(?:놀려(?!고|구)|놀리|놀렸)",
            f"{_PEERS}(?:이|가|은|는|도)?(?:다같이|다|또|계속|자꾸|맨날)?(?:나를|날|저를|나만)"
            "(?:계속|자꾸|맨날|매일|또|다같이)?(?:놀려(?!고|구)|놀리|놀렸)",
            f"{_PEER}(?:이|가|은|는|도|끼리)?.{{0,6}}(?:나만|저만)(?:빼고|빼놓고|제외하고).{{0,6}}(?:놀(?!이)|만나|모여)",
            # Money taken; in a board game (부루마블) it is play money.
            f"^(?!.*(?:게임|부루마블|모노폴리|놀이)).*?{_PEER}(?:이|가|은|는|도)?.{{0,6}}"
            "(?:돈|용돈|지갑|폰|핸드폰)(?:을|를)?(?:자꾸|계속|또|막|다|억지로)*(?:뺏|빼앗)",
            f"{_PEER}(?:이|가|은|는|도)?.{{0,6}}(?:내|제)(?:가슴|엉덩이|팬티|고추|잠지)(?:을|를)?"
            "(?:자꾸|계속|막|몰래|또)*(?:만지|만졌|만져)",
            f"{_PEER}(?:이|가|은|는|도)?(?:(?!{_BATH}).){{0,6}}(?:바지|팬티|치마)(?:을|를)?(?:억지로|막|자꾸)?"
            "(?:벗겼|벗기|들췄|들추)",
            # Not a lesson, a rule, or a child helping: "따돌림 예방 교육", "왕따 당하는 친구를 도와줬다".
            "왕따(?!(?:를|는|와|폭력)?(?:예방|방지|반대|교육|캠페인|금지|하지말|시키지말|시키면안|하면안)"
            "|당하는(?:친구|애|아이|사람|동생|형|언니|누나|오빠)(?:를|을|가|이|에게|한테|랑|와|도|의|편))",
            "따돌(?!림(?:을|은|이)?(?:예방|방지|반대|교육|캠페인|금지)|리지말(?!았으면)|리면안"
            "|림당하는(?:친구|애|아이)(?:를|을|가|에게|한테|랑|와|도|의|편))",
        ),
        words=(r"\bbull(?:y|ies|ied|ying)\b",),
    ),
    Signs(
        "distress",
        "unloved or worthless",
        phrases=(
            "아무도(?:나를|날|저를|나)(?:안)?(?:사랑|좋아|필요로|신경)",
            "아무도(?:나랑|나하고)(?:안)?놀",
            "(?:나는|난|저는)(?:정말|진짜|너무)?(?:쓸모없|필요없는)",
            "(?:나는|난)쓰레기(?:야|다|같|인)",
            "나자신이(?:너무|정말|진짜)?싫",
        ),
        words=(
            r"\b(?:nobody|no\s+one)\s+(?:loves|likes|wants)\s+me\b",
            r"\bi\s+(?:am|'m)\s+worthless\b",
            r"\bi\s+(?:really\s+|just\s+)?hate\s+myself\b",
        ),
    ),
)
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
SIGNS = DISTRESS + UNSAFE

_HANGUL_REPEAT = re.compile(r"([\uac00-\ud7a3\u3131-\u314e])\1+")
# Standalone vowels are a child's drawn-out sounds and tears: 싶다ㅏㅏ, 죽고ㅠㅠ싶어.
_HANGUL_VOWELS = re.compile(r"[\u314f-\u3163]")
_LATIN_REPEAT = re.compile(r"([a-z])\1{2,}")


@dataclass(frozen=True)
class TextCheck:
    verdict: Verdict
    reason: str = ""
    """The meaning of the group that matched (for logs and tests: `Signs.meaning`, never the diary text)."""


def check_diary_text(text: str) -> TextCheck:
    """Distress first (a child asking for help needs care, not a refusal), then unsafe requests."""
    phrases, words = _readings(text)
    for signs, phrase, word in _compiled():
        if (phrase and phrase.search(phrases)) or (word and any(word.search(form) for form in words)):
            return TextCheck(signs.verdict, reason=signs.meaning)
    return TextCheck("ok")


def _readings(text: str) -> tuple[str, tuple[str, ...]]:
    """The diary as the phrases read it (letters and digits only) and as the words read it (single spaces).

    Drawn-out letters are collapsed: Hangul to one (죽고 싶어어어), English to two and to one, so that
    both `kill` and `die` survive `killll` and `dieeee`.
    """
    text = unicodedata.normalize("NFKC", text).lower()
    compact = "".join(char for char in text if char.isalnum())
    compact = _HANGUL_REPEAT.sub(r"\1", _HANGUL_VOWELS.sub("", compact))
    spaced = " ".join(text.split())
    return compact, (_LATIN_REPEAT.sub(r"\1\1", spaced), _LATIN_REPEAT.sub(r"\1", spaced))


@cache
def _compiled() -> tuple[tuple[Signs, re.Pattern[str] | None, re.Pattern[str] | None], ...]:
    def joined(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
        return re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    return tuple((signs, joined(signs.phrases), joined(signs.words)) for signs in SIGNS)
