"""Signs of a child in crisis, by kind: wishing to die or self-harm, harm by a grown-up at home or by another
grown-up, neglect, a grown-up demanding secrecy, sexual harm, fear of going home, and bullying. Built of the
pieces in engine/diary_words.py; read by engine/diary_check.py.

Specific phrases only: "배고파 죽겠다" (so hungry), "공에 맞았다" (a ball hit me), "혼났다" (scolded) and "친구들이
나만 빼고 놀았다" (left out: a sad day, not a crisis) are everyday words.
"""

from __future__ import annotations

from engine.diary_self_harm import SELF_HARM
from engine.diary_words import (
    ADULT,
    AFRAID,
    AFRAID_OR_FORCED,
    BATH,
    BY,
    FRIENDS_PARENT,
    HITS,
    HOME,
    HOME_ADULT,
    HOW,
    MEDICAL,
    NOT_CARER,
    OTHER_ADULT,
    PEER,
    PEERS,
    PET_DAYS,
    PLAY,
    PRIVATE,
    PRIVATE_BODY,
    PUSHED,
    SIBLING_AT_HOME,
    STRUCK,
    SUBJECT,
    THING,
    TOUCHED,
    UNDRESS,
)
from engine.signs import Signs

_PLAYFUL = f"^(?!.*{PLAY})"
# A hardship, not a skipped snack: how long, how hungry, who did not feed.
_HARDSHIP = "^(?=.*(?:배고|며칠|어제부터|이틀|사흘|나흘|하루종일|계속|맨날|일째|안줘|안챙|아무도|당께|쓰려))"
# Fun, a trip or a treat: "친구네 집에서 계속 있고 싶었다 재밌어서", "아빠랑 둘만의 비밀, 주말에 캠핑".
_NOT_FUN = "^(?!.*(?:재밌|재미있|신나|좋아서|즐거|캠핑|놀러|여행|소풍|ㅋ))"
# A fast for a check-up, a blood test or an operation, when nobody is missing ("엄마가 입원해서 수술했는데 아빠는 술만
# 마셔 며칠째 굶고 있어" is neglect).
_NOT_MEDICAL = (
    "^(?!(?!.*(?:안들어|안와|아무도|술만|며칠째|이틀째|사흘째|나흘째|[2-9]일째|혼자|안줘|안줌|안주고|안줬|안챙|늦게|게임만|맨날))"
    f"(?=.*{MEDICAL}))"
)
_AGAIN_OR_HURT = "(?:맨날|매일|계속|자꾸|또|마다|피|멍|다쳤|부었|깁스|숨)"
_NOT_SCOLDING = "^(?!(?!.*(?:맞|때리|때릴|술|숨|가둘|쫓아|죽))(?=.*(?:혼날|혼나|잔소리|꾸중|시험|성적))).*?"
"""At the start of a pattern: the diary speaks of no play or laughter."""
HARM_HOME = (
    Signs(
        "distress",
        "hurt by a grown-up at home",
        "harm_home",
        phrases=(
            f"{HOME_ADULT}{BY}{HOW}{STRUCK}",
            f"집에서{HOW}{STRUCK}",
            # Words that wound: "엄마가 나보고 니가 태어나서 인생 망쳤대".
            f"^(?!.*(?:ㅋ|장난|농담|웃|사랑|귀여|안아주|끝이래|대사|드라마|게임|윷놀이)).*{HOME_ADULT}.{{0,12}}"
            "(?:니가|너가|네가|너)(?:태어나서|때문에|땜에|낳아서)(?:내)?(?:인생|인생이|다)?(?:망쳤|망했|망가졌|불행)",
            f"{HOME_ADULT}{SUBJECT}{HOW}(?:{HITS}|{PUSHED})",
            # "아빠가 내가 말을 안 들어서 때렸다": a reason in between, unless what was hit is a thing.
            f"{HOME_ADULT}(?:이|가|께서)(?:(?!{THING}).){{0,24}}{HITS}",
            f"{HOME_ADULT}{SUBJECT}(?:또|자꾸|계속|맨날|세게|갑자기|화나서|막|술먹고|술마시고)*(?:나를|날|저를|내|제|나|동생)"
            f"(?:머리|뺨|얼굴|뒤통수|배|엉덩이|등|팔|다리|손|목|귀)?(?:를|을|에|도)?"
            f"(?:또|자꾸|계속|세게|막|주먹으로|손으로|담배로|라이터로)*{PUSHED}",
            # An older sibling, outside play: "형이 내 볼 꼬집고 도망감 ㅋㅋ" is a game.
            f"{_PLAYFUL}.*{SIBLING_AT_HOME}(?:이|가|는)?(?:(?!{THING}).){{0,12}}(?:(?:나를|날|내).{{0,6}}{PUSHED}"
            f"|{HITS}.{{0,16}}{_AGAIN_OR_HURT}|{_AGAIN_OR_HURT}.{{0,6}}{HITS})",
            f"{HOME_ADULT}(?:이|가|께서)(?:(?!{THING}).){{0,16}}(?:나를|날|내|나)(?:(?!{THING}).){{0,8}}(?:{PUSHED}|{HITS})",
            f"{_PLAYFUL}.*{SIBLING_AT_HOME}{BY}{HOW}{STRUCK}.{{0,16}}{_AGAIN_OR_HURT}",
            "(?:나를|날|저를)(?:자꾸|계속|맨날|매일)?학대",
            # Shut out or shut in as a punishment.
            f"{HOME_ADULT}(?:이|가|께서|는|은)?.{{0,16}}(?:(?:집|대문|현관)?밖(?:으로|에)?|베란다|창고|화장실|욕실|방|복도)(?:에)?"
            "(?:밤새|몇시간|계속)?(?:쫓아내|쫓겨|내쫓|가둬|가뒀|가둘|가두|내보내|세워|잠가|잠갔)",
            "(?:쫓겨나|쫓아내|내쫓|맨발로쫓)(?:서|고|었|겨|서맨발)",
            # The child shut in, not a sibling in a game of tag ("동생을 방에 가뒀다 장난이었다").
            f"{_PLAYFUL}.*(?:(?:나를|날|나)(?:또)?(?:방|화장실|욕실|베란다|창고|다락)에(?:또)?(?:가둬|가뒀|가둘|가두)"
            "|(?:방|화장실|욕실|베란다|창고|다락)에(?:또)?(?:갇혀|갇혔))",
            "집에(?:들어오지|오지)말라|비번(?:을)?바꿨|(?:문|현관)(?:을)?잠가서.{0,10}(?:못들어|밖|복도|계단)",
            "(?:못들어가고|못들어가서).{0,10}(?:복도|계단|밖)(?:에서)?(?:잤|있었|잠)",
            f"{HOME_ADULT}(?:이|가|는)?.{{0,12}}(?:뜨거운물|끓는물)(?:을)?.{{0,8}}(?:부었|부어|뿌렸)",
            # Violence at home seen or heard.
            "(?:아빠|엄마|새아빠|새엄마|계부|계모)(?:이|가|는)(?:또|맨날|술먹고|술마시고)?(?:엄마|아빠)(?:를|한테|의)?"
            f"(?:또|막|세게)?(?:목(?:을)?(?:조르|졸|잡)|{HITS}|{PUSHED}|(?:칼로)?(?:찌르|찔렀|찌른|찔러))",
            f"(?:술마시고|술먹고|술취해서|술먹으면|술만먹으면|술마시면).{{0,12}}(?:소리질|소리쳐|때리|때릴|던지|부수|깨|욕|{AFRAID})",
            f"{HOME}(?:이|가)?.{{0,6}}(?:물건|접시|그릇|컵|핸드폰|의자)(?:을|를)?(?:막)?(?:던지|던졌|던져|부수|부쉈|깼|깨)",
            f"(?:엄마|아빠)(?:랑|하고|와)?(?:엄마|아빠|새아빠|새엄마)(?:가|이)?.{{0,6}}싸(?:우|워|웠)"
            f".{{0,12}}(?:{AFRAID}|숨|경찰|피|때리|맞|던지|칼|귀막)",
            f"{HOME}(?:이|가)?.{{0,10}}(?:죽여버린|(?<!맛)죽인다|죽일거|죽여버릴|패죽|버린다|버릴거|고아원|가만안둔|가만안둘)",
            f"{HOME}(?:이|가)?.{{0,16}}(?:칼|가위|망치)(?:을|를)?(?:들었|들고|꺼냈|들이대)",
            "(?:찌른다고|죽인다고|때린다고|죽여버린다고|패죽인다고)(?:협박|했|해|그랬)|협박",
            f"(?:소리질러서|소리쳐서|소리지를때|소리지르면)(?:너무)?{AFRAID}",
            f"{HOME_ADULT}(?:이|가).{{0,12}}(?:라이터|담배|불)로.{{0,10}}(?:태웠|태워|지졌|지져|데였)",
            f"{HOME_ADULT}(?:이|가).{{0,16}}(?:물|욕조|세숫대야|변기).{{0,12}}머리.{{0,6}}(?:넣고|넣었|눌렀|담갔|처박)",
            f"{_PLAYFUL}.*{HOME_ADULT}(?:이|가)(?:동생|나|날)(?:을|를)?(?:던져|던졌|집어던)",
        ),
        words=(
            r"(?:\b|아동)학대(?:해|했|하|당|를|받)",
            r"\b(?:dad|daddy|mom|mommy|mum|father|mother|parents?|stepdad|stepmom|uncle|brother|sister)"
            r"\s+(?:\w+\s+)?(?:hit|hits|beat|beats|kicked|kicks|slapped|slaps|punched|punches|hurts)\s+me\b"
            r"(?!.*\b(?:ping|pong|chess|kart|race|game|games|cards|tennis|soccer|football|basketball|badminton|\d+)\b)"
            r"(?!\s+(?:at|in)\b)",
            r"\b(?:abuses?|abused|abusing)\s+(?:me|us)\b|\b(?:am|was|get|got|being|been)\s+abused\b",
        ),
    ),
)
HARM_ADULT = (
    Signs(
        "distress",
        "hurt by another grown-up",
        "harm_adult",
        phrases=(
            f"{OTHER_ADULT}{BY}{HOW}{STRUCK}",
            f"{OTHER_ADULT}{SUBJECT}{HOW}{HITS}",
            f"{OTHER_ADULT}(?:이|가|께서|는|은)(?:(?!{THING}).){{0,24}}(?:{HITS}|{PUSHED})",
            "(?:손목|팔|목)(?:을)?(?:꽉|세게)?잡고(?:안놔|끌|흔들)",
            f"{OTHER_ADULT}{SUBJECT}(?:또|자꾸|계속|맨날|세게|막)*(?:나를|날|저를|내|나)"
            f"(?:머리|뺨|얼굴|귀|볼|손등|손목|팔|목|엉덩이)?(?:를|을|도)?(?:또|자꾸|계속|세게|막)*{PUSHED}",
            # Not a walk, a lift or a game ("친구네 아빠가 강아지 끌고 산책", "걔네 엄마가 차에 타래서 같이 갔다"),
            # unless the child was afraid ("아저씨가 집까지 태워준다고 차에 타래 무서웠어").
            f"^(?!(?!.*{AFRAID_OR_FORCED})(?=.*(?:같이|태워|데려다|놀아|산책|강아지|재밌|캠핑|축구|야구|자전거|ㅋ))"
            f"(?=.*{FRIENDS_PARENT}))"
            ".*"
            f"{OTHER_ADULT}(?:이|가|는)?.{{0,10}}(?:끌고|차에타라|따라왔|따라와)",
            f"{OTHER_ADULT}(?:이|가|는)?(?:(?!강아지|고양이|햄스터|개를).){{0,10}}(?:가둬|가뒀|가두)",
            f"{OTHER_ADULT}(?:이|가|는)?.{{0,10}}(?:죽여버린|죽인다|때린다고)",
        ),
        words=(
            r"\b(?:teacher|coach|man|stranger|babysitter|nanny|tutor|neighbou?r|pastor)\s+(?:\w+\s+)?"
            r"(?:hit|hits|beat|beats|kicked|slapped|slaps|punched|hurt)\s+me\b",
        ),
    ),
)
NEGLECT = (
    Signs(
        "distress",
        "neglected",
        "neglect",
        phrases=(
            # Food gone as a hardship, not a trip to the shop: "밥이 없어서 라면 먹었다 맛있었다".
            f"{_HARDSHIP}.*(?:밥|먹을거|먹을게|먹을것|쌀|반찬|먹을꺼)(?:이|가|도|은)?(?:하나도|아무것도)?없",
            # A pet that will not eat is a worry: "거북이가 아프다 며칠째 밥을 안 먹는다".
            f"^(?!.*{PET_DAYS}(?:어제부터|이틀|사흘|며칠|하루종일|[2-9]일)).*?"
            "(?:어제부터|이틀|사흘|며칠|하루종일|[2-9]일|이틀째|며칠째)(?:동안|째)?(?:아무것도|밥|암것도)?(?:을|를)?(?:못|안)(?:먹|뭇)",
            f"굶겨|{_NOT_MEDICAL}{_HARDSHIP}.*(?:굶었|굶어|굶고|굶는)",
            "^(?!.*(?:검진|검사|내시경|수술|마취|다이어트|ㅋ|농담|장난|다먹)).*굶으(?:래|라고|라했|라고했|라그)",
            f"(?:밥|먹을거|아무것도)(?:을|를|도)?(?:못|안)(?:먹|뭇).{{0,12}}(?:{HOME_ADULT})?(?:이|가)?(?:안|못)(?:줬|줘|주|챙겨)",
            "(?:나를|나만|날)?(?:집에)?(?:혼자|나만)(?:두고|놔두고|남겨두고|남겨놓고)(?!.{0,12}(?:잠깐|금방|마트|편의점|사이|잠시))"
            ".{0,6}(?:나갔|갔|가버|나가|안와)",
            f"{HOME}(?:이|가|는|은)?(?:나)?(?:만)?(?:밥|밥을|먹을거)(?:안|못)(?:줘|주|챙겨|해줘|차려)",
            "(?:나만|나는)밥(?:을)?(?:안|못)(?:줘|주|먹)",
            "(?<!한테)(?<!에게)(?:며칠째|이틀째|사흘째|[2-9]일째|며칠동안|이틀동안)(?:밥|먹을거)(?:도|을|를)?(?:안|못)"
            "(?:줬|줘|주|챙겨)(?!더니|서|줘|줬|줄|먹)",
            f"{HOME}(?:이|가|는|은)?.{{0,10}}(?:안들어|안와|안돌아|연락안|연락이안|없어)(?:와|오|와요|왔|)?.{{0,6}}"
            "(?:[2-9]일|이틀|사흘|며칠|일주일|밤마다|맨날|째|밤에|아침에)",
            "(?:[2-9]일|이틀|사흘|며칠|일주일|주말내내|밤마다|밤새)(?:째|동안)?(?:집에)?(?:나|동생이랑나|나랑동생)?(?:혼자|둘이|둘만)",
            "(?:밤|새벽)(?:[0-9]+시|늦게|열두시)?.{0,10}아무도(?:안와|없|안들어)|밤마다(?:나가|안들어|없)",
            # Not a pet off its food at the vet's: "몽이가 입원했다. 밥을 안 먹는대. 오늘 몽이 없이 자야 돼서".
            "^(?!(?!.*(?:안들어|안와|아무도|술만|며칠째|이틀째|사흘째|나흘째|[2-9]일째|혼자))(?=.*동물병원)).*(?:저녁|밥|아침|점심)(?:을|도)?(?:못|안)(?:먹|뭇).{0,12}(?:안들어|없|안와|아무도)",
            "(?:라면|과자|빵)(?:한개|하나|한봉지)?로(?:버팀|버텼|버티|때웠)",
            # Alone for days, not a trip or a date: "나 혼자 이틀 동안 수련회 갔다 왔다", "나 이틀 뒤에 생일".
            "(?:나|동생이랑나|나랑동생|우리(?!집))(?:혼자|둘이|만|끼리)(?:집에)?(?:[2-9]일|이틀|사흘|나흘|며칠|일주일|주말내내)"
            "(?!.{0,8}(?:수련회|캠프|여행|캠핑|놀러|놀았|견학|합숙|대회|할머니|외갓집|이모네|시골|제주|늦게|뒤에|전에|후에|숙제|연습|공부))",
            "(?:집에|집엔)아무도(?:없|안와|안들어).{0,10}(?:아파|열|무서|밤|며칠|밥)",
            "(?:아파서|열나는데|열이|토했는데|다쳤는데|아픈데|부었는데).{0,14}(?:아무도|병원(?:안|못)|약도없|안데려|그냥자래|안가도된대|안치워)",
            "병원(?:에)?(?:안|못)(?:데려|가|갔)",
            "(?:씻은지|머리감은지|목욕한지|학교안간지|학교를안간지)",
            "(?:물도|전기|가스)(?:안나|끊)|(?:쓰레기|벌레)(?:가)?.{0,10}바퀴벌레|바퀴벌레(?:가|들이)?(?:기어다|득실|바글|맨날|계속)|쓰레기가(?:너무)?많",
            "(?:옷|잠바|양말|신발|외투)(?:이|가)?(?:이거|거)?(?:하나|한벌|없)|신발에구멍",
            "(?:편의점|쓰레기통|음식물).{0,6}(?:뒤졌|뒤져|주워먹)",
            # Not a fast before a blood test or a check-up: "피검사라 저녁부터 물만 마셨다".
            f"{_NOT_MEDICAL}(?:과자|라면|물)(?:로|만)(?:[1-9]일|며칠|이틀|하루)?(?:버팀|버텼|버티|마셨)",
            "알아서(?:먹으래|해먹으래|먹어)|나혼자밥해먹|(?:동생|아기)(?:분유|밥|기저귀)(?:를|을)?내가",
            "(?:엄마|아빠)(?:는|가)?(?:하루종일|맨날)(?:안일어나|누워만|자기만|술만|게임만)",
            "아무도(?:가라고|챙겨|안감겨|안씻겨|신경|안데려)",
            "주말(?:에는|엔|에)?굶|급식이.{0,10}유일한",
            "돈(?:을)?안내서.{0,4}(?:물|전기|가스)",
            "술(?:먹고|마시고).{0,16}밥(?:을)?(?:안|못)(?:줘|줬|챙)",
        ),
    ),
)
SECRECY = (
    Signs(
        "distress",
        "asked to keep a grown-up's secret",
        "secrecy",
        phrases=(
            # A secret put on the child ("말하지 말래", "비밀이래"), never one the child keeps for a surprise.
            # A friend's secret is not a grown-up's: "친구가 좋아하는 애 비밀로 해 달래"; a laugh or a treat with
            # no sign of harm is a game between family ("숙제 다 하면 게임하래, 엄마한테 말하면 안 된대 ㅋㅋ").
            f"^(?!(?=.*(?:ㅋ|ㅎ|캠핑|놀러|여행|소풍|게임하래))(?!.*(?:만지|만졌|멍|맞은|때린|사진|벗|무서|싫|찝찝|이상|아파)))"
            f"^(?!.*(?:깜짝|서프라이즈|파티|생일|선물준비|선물을준비|포장|몰래카메라|몰카놀이))"
            f"^(?!(?=.*산타)(?!.*(?:만지|만졌|멍|맞은|때린|때렸|꼬집|사진|벗|무서|싫|찝찝|이상|아파)))"
            f"(?!(?!.*{ADULT}).*{PEER}(?:이|가|는|도|랑|이랑|하고|와).{{0,12}}비밀).*?"
            "(?:(?:아무한테도|아무에게도|엄마한테|아빠한테|엄마한텐|아빠한텐|선생님한테|누구한테도|이모한테)?"
            "(?:절대|절대로)?(?:말하지말(?:래|라|랬|라고|라했|라고했)|말하면안(?:된대|돼|된다|된다고)|말하지말자|말안하기로)"
            "|비밀(?:이래|이라고|이라며|로하래|로하자|로하쟀|로해|이랬|약속|놀이|얘기하자)|우리(?:만의|둘만의?)(?:비밀|약속)"
            "|둘만(?:의)?(?:비밀|알|아는)|(?:ㅂㅁ|secret)(?:라고|이라고|지키|로))",
            # Said to the child ("말하면 다친대"), not the child's own worry ("들키면 혼난다 ㅋㅋ").
            "(?:말하면|누가알면|알리면|안지키면|얘기하면)(?:너|너도|너네|니네)?(?:엄마|아빠|가족|강아지|동생|우리)*"
            "(?:가|도|는)?.{0,8}(?:큰일|혼난|혼날|다친|다칠|죽인|죽는|고아원|안믿|아무도안믿|버린|헤어|못나간|못해)"
            ".{0,4}(?:대|래|댔|랬|다고|다했|다그랬|다카|다캤|다며)",
            "비밀(?:을)?(?:안)?지키(?:면|라)|말하지말고(?:만나|와|오|놀)|쉿(?:하래|이래|하라고|하라했)",
            # Between friends, with no grown-up in it: "친구랑 우리만의 비밀 암호 만들었다".
            f"{_NOT_FUN}(?!(?!.*{ADULT}).*{PEER}(?:이|가|는|도|랑|이랑|하고|와)).*(?:우리만(?:아는|의)|둘만아는)",
            f"^(?!.*(?:깜짝|서프라이즈|파티|생일|선물준비|포장)).*?{OTHER_ADULT}(?:이|가|는|께서)?.{{0,24}}(?:비밀|ㅂㅁ|secret)",
        ),
    ),
)
_EN_NOT_CARER = (
    "stepdad|stepfather|uncle|cousin|(?<!pac\\s)man|stranger|neighbou?r|boyfriend|grandpa|grandad|babysitter|tutor|"
    "pastor|step\\s?-?bro|stepbrother|삼촌|이모부|고모부|새아빠|계부|아저씨"
)
"""In English (or a Korean name in an English sentence), grown-ups and others who do not bathe or dress the child."""
_EN_NOT_NEGATED = r"(?:(?!doesn'?t|don'?t|never|didn'?t|won'?t|said|(?:let|lets|made|makes|the|a|is|and)\b)\w+\s+){0,4}"
_EN_WRONG = (
    r"(?:there|private\w*|under|inside|in\s+my\s+(?:pants|shorts|skirt|underwear|clothes|shirt)|secret|don'?t\s+tell|"
    r"at\s+night|in\s+(?:my\s+)?bed|alone|when\s+(?:mom|mum|dad|nobody|no\s+one)|weird|wrong|uncomfortable|"
    r"hate\s+it|(?:don'?t|didn'?t)\s+like\s+it|scared|again|every)\b"
)
SEXUAL = (
    Signs(
        "distress",
        "touched or shown things by a grown-up",
        "sexual",
        phrases=(
            # Anyone grown-up, a parent too, on "my" private parts: not 할머니가 고추를 만졌다 (chili peppers).
            f"{ADULT}(?:이|가|께서|는|은)?.{{0,8}}(?:내|제|나의|저의|나|날){PRIVATE}{TOUCHED}",
            f"{ADULT}(?:이|가|께서|는|은)?.{{0,16}}{PRIVATE_BODY}{TOUCHED}",
            f"{NOT_CARER}(?:이|가|께서|는|은)?.{{0,12}}(?:몸|{PRIVATE}|(?:바지|치마|팬티|수영복|속옷|이불)(?:속|안))"
            f"{TOUCHED}",
            f"{ADULT}(?:이|가|께서|는|은)?.{{0,12}}(?:{PRIVATE}|(?:바지|치마|팬티|수영복|속옷|이불)(?:속|안))"
            "(?:으로|에|까지)?(?:손을|손)넣",
            f"(?:{HOME}|{OTHER_ADULT})(?:이|가|께서|는|은)(?:나를|날|나|내몸을|몸을|몰래|자꾸|또)*(?:만지|만졌|만져)"
            "(?:고|면서|더니|놓고|고나서|서)?.{0,12}?(?:비밀|말하지말|말하면안|아무한테도|사랑해서|사랑하는사람)",
            # A grown-up who does not bathe or dress the child touching them again and again, whatever is said of
            # where: "이모부가 자꾸 날 만져", "삼촌이 자꾸 만져" (not 머리 만져줘, nor 내 폰 만져).
            f"{NOT_CARER}(?:이|가|께서|는|은)(?:또|자꾸|계속|몰래|맨날|밤마다)*(?:나를|날|나|저를|내몸을?|몸을?)?"
            "(?:또|자꾸|계속|몰래|막|맨날|밤마다)+(?:나를|날|나|저를|내몸을?|몸을?)?(?:만지|만졌|만져|만짐|주물|쓰다듬)"
            "(?!.{0,2}(?:줘|주|줬|준))",
            # A kiss by a grown-up who is not family, or with a tongue.
            f"(?:{OTHER_ADULT})(?:이|가|께서|는|은)?.{{0,10}}?(?:(?:뽀|키스)(?:하라|해달|해주면|해줘|하자|하래|해보라)"
            "|(?:나한테|나에게|나를|입에|입에다)(?:뽀|키스))",
            "혀(?:를)?(?:넣|넣었|넣고)",
            f"{ADULT}(?:이|가|는)?.{{0,10}}(?:자기|지|제)?(?:고추|거기|몸)(?:를|을)?(?:만져보라|만져보래|만지라|만지래|만져달)",
            f"(?:^|{OTHER_ADULT}(?:이|가|께서|는|은)?(?:(?!{BATH}).){{0,12}}?){UNDRESS}(?!.{{0,12}}{BATH})",
            f"{ADULT}(?:이|가|께서|는|은)?.{{0,12}}(?:옷|바지|팬티|치마)(?:을|를)?(?:벗겼|벗기|벗길|들추|들췄|내리고|내렸)",
            "(?:이상한|야한|벗은|어른들하는)(?:사람들나오는)?(?:동영상|영상|사진|비디오)(?:을|를)?(?:보여|보내|봤)",
            "(?:고추|몸|벗은몸|알몸|가슴)(?:사진|영상)(?:을|를)?(?:보내|보냈|달래|찍)",
            "(?:사진|영상)(?:을|를)?(?:보내래|보내달래|찍어보내래|달래)(?:벗고|옷벗고)?|벗고(?:사진|영상)",
            "^(?=.*(?:만지|만졌|주물|비밀|쉿|이상|싫|무서|찝찝|손넣)).*무릎에(?:앉히|앉으라|앉혀|앉으래)",
            f"{ADULT}(?:이|가|는)?.{{0,8}}(?:이불속에|내이불|침대에)(?:들어왔|들어와|같이눕)",
            f"{ADULT}(?:이|가|는)?.{{0,8}}(?:자기|지)(?:고추|바지|몸)(?:를|을)?(?:보여|만져보래|내리)",
            "(?:같이씻자면서|씻겨준다면서|마사지해준다고|병원놀이하자면서).{0,12}(?:만지|만졌|만져|벗|손넣|팬티)",
        ),
        words=(
            r"\b(?:touched|touches)\s+my\s+(?:private|privates|body|chest|butt)\b",
            # Touching, again and again, by someone who does not bathe or dress the child; not in a game.
            rf"\b(?<!baby\s)(?<!little\s)(?<!lil\s)(?:{_EN_NOT_CARER}|teacher|coach|선생님|코치)\s+{_EN_NOT_NEGATED}(?:touch|touches|touching)\s+me\b"
            r"(?!.*\b(?:tag|tig|game|ball|snowball|water\s+gun|pillow)\b)",
            # Touched once by a stranger or someone close who does not care for the child, unless by accident, in a
            # game or on the shoulder ("he touched me first", "said sorry"); by a teacher or coach only with a sign
            # that it was wrong (not "touched me on the knee and put ice on it").
            rf"\b(?:{_EN_NOT_CARER})\s+{_EN_NOT_NEGATED}touched\s+me\b"
            r"(?!.*\b(?:accident\w*|sorry|tag|tig|game|ball|first|gently|ice|fever|check\w*|wake|woke|shoulder|forehead|"
            r"head|(?:hands?|arms?|back|cheek|knee|nose|hair|legs?|shoulders?)\b(?!.*\b(?:under|inside|private\w*|secret|pants|underwear)\b)|mistake|costume|mascot|frog|"
            r"high\s*five|so\s+i\s+was\s+it|water\s+gun|fun|snowball|mirror|dentist|magic|coin)\b|.*(?:술래|ㅋ))",
            # Made to undress, not for a bath, a swim or a doctor.
            r"^(?!.*\b(?:bath|shower|swim\w*|pool|doctor|nurse|pajamas|pyjamas|mud\w*|wet|dirty|rain|inside\s+out|paint|wash\w*)\b).*\b(?:makes?|made|tells?|told)\s+me\s+"
            r"(?:to\s+)?(?:take|took)\s+off\s+my\s+(?:clothes|pants|shirt|underwear|shorts|skirt)\b",
            rf"\b(?:teacher|coach|선생님|코치)\s+{_EN_NOT_NEGATED}touched\s+me\b(?=.*\b{_EN_WRONG})",
            r"^(?!.*\b(?:ball|dodgeball|tag|prank|doctor|nurse|dentist|stethoscope|check\w*|heart)\b)"
            r".*\btouched\s+me\s+(?:on|in)\s+(?:the|my)\s+(?:private\w*|bum|butt|bottom|chest|pants)\b",
            # A kiss by a grown-up outside the family (not goodbye, nor on the cheek or hand); by anyone with a
            # secret or a tongue, or by someone who does not care for the child on the mouth or in bed.
            r"\b(?:teacher|coach|(?<!pac\s)man|stranger|neighbou?r|tutor|pastor|babysitter)\s+(?:\w+\s+){0,2}kiss(?:es|ed)\s+me\b"
            r"(?!.*\b(?:goodbye|goodnight|cheek|hand|air|forehead|head|hair)\b)",
            rf"\b(?<!baby\s)(?:{_EN_NOT_CARER})\s+(?:\w+\s+){{0,2}}kiss(?:es|ed)\s+me\b(?!\s+(?:goodnight|good\s+night|goodbye))(?=.*\b(?:lips|mouth|tongue|bed|at\s+night))",
            r"(?<!dog\s)(?<!puppy\s)(?<!cat\s)(?<!mom\s)(?<!mum\s)(?<!dad\s)(?<!grandma\s)\bkiss(?:es|ed)?\s+me\b(?=.*\b(?:secret|don'?t\s+tell|tongue))(?!.*\b(?:recipe|ice\s+cream|surprise|present|gift|party|birthday)\b)",
        ),
    ),
)
FEAR_HOME = (
    Signs(
        "distress",
        "afraid to go home",
        "fear_home",
        phrases=(
            # Not the fear of a scolding for a bad test: "집에 가기 무서웠다 시험 망쳐서 혼날까봐" is a worried day.
            # Nor a haunted house: "귀신의 집 무서워서 죽는 줄".
            f"{_NOT_SCOLDING}(?<!귀신의)(?<!귀신)(?<!유령의)(?<!공포의)"
            f"집(?:에|엔|이|은|에는)?(?:가기|들어가기|가는게|들어가는게|가는거|있기)?(?:너무|진짜|정말)?{AFRAID}",
            # Not "집에 가기 싫었던 이유: 수영장이 넘 재밌음. 엄마가 …" or five more minutes of play.
            f"{_NOT_FUN}(?!.*(?:더놀|놀고싶|[0-9]+분만|들어오래))"
            f".*집(?:에|엔)?(?:가기|들어가기|가는게|들어가는게)(?:너무|진짜)?싫.{{0,16}}(?:{AFRAID}|{HOME}|때리|맞|숨|술|가둘|싸울)",
            f"{_NOT_SCOLDING}(?!.*(?:더놀|놀고싶|[0-9]+분만|들어오래))"
            f"(?:{HOME}).{{0,16}}(?:집에|집엔|집)(?:가기|들어가기|가는게)(?:너무|진짜)?(?:싫|{AFRAID})",
            "집에(?:안|못)(?:가고싶|갈래|갈방법|가게|가면안)|집말고|집에늦게가게|가출(?:하고싶|할래|할거)",
            "^(?!.*(?:방귀|냄새|락스|청소|ㅋ)).*집에선숨(?:도|을)?못쉬",
            "(?:다른집|우리집말고|다른데|시설|고아원)(?:에서)?(?:살고싶|가고싶|살래)",
            f"(?:{HOME})(?:이|가)?(?:오는날|퇴근할|들어오는|오는소리|있는날|집에있|있어서|얼굴보기).{{0,12}}(?:{AFRAID}|숨|싫|배아파|심장)",
            f"(?:{HOME})(?:있는|계시는)집.{{0,6}}(?:싫|{AFRAID})",
            "(?:집에|집)(?:가면|들어가면).{0,12}(?:맞아|맞을|죽을|때릴|가둘|혼나|죽어)",
            f"{_NOT_FUN}.*(?:학교|도서관|학원|친구네|놀이터|편의점).{{0,10}}(?:에서자면안|계속있고싶|문닫을때까지|숨어있)",
            f"(?:방학|주말|토요일|일요일)(?:이|은)?(?:제일|너무)?싫.{{0,16}}{HOME}.{{0,16}}(?:{AFRAID}|때리|맞|숨|술|집에있)",
            "집에(?:가기|들어가기)싫어서.{0,10}(?:일부러|천천히|늦게|돌아|밖에|놀이터)",
            f"{AFRAID}(?:서|워서)?(?:집에)?(?:못가|못들어)",
            f"집생각(?:만)?하면.{{0,4}}(?:숨막|{AFRAID}|심장|배아)",
            "(?:현관|문|집)(?:문)?앞에서.{0,12}못들어",
            "집에가느니|학교가(?:더|제일)안전",
            "술(?:마시는|먹는)날.{0,8}집에(?:못가|안가|가기싫)",
            f"{HOME}(?:이|가)?(?:목소리만|목소리)들어도.{{0,8}}(?:떨려|{AFRAID}|심장)",
            f"{HOME}(?:이|가)?(?:오늘)?일찍온대서.{{0,10}}{AFRAID}",
            "(?:남친|남자친구)(?:왔|오면|와서).{0,10}(?:숨|조용히)|숨었.{0,12}(?:남친|남자친구)왔",
            f"{HOME}(?:이|가)?집에오는시간.{{0,10}}(?:배가?아파|{AFRAID}|심장)",
        ),
    ),
)
BULLYING = (
    Signs(
        "distress",
        "bullied",
        "bullying",
        phrases=(
            # A group, again and again, or with a threat: one friend's shove in a quarrel is a sad day.
            f"{PEERS}(?:이|가|은|는|도)?{HOW}(?:{HITS}|괴롭|{PUSHED})",
            f"{PEERS}(?:이|가)(?:(?!{THING}).){{0,14}}(?:{HITS}|{PUSHED}|괴롭|침뱉|무릎꿇|가둬|가뒀|가두|밟)",
            f"{PEER}(?:이|가|은|는|도)?.{{0,16}}(?:{HITS}|{PUSHED}).{{0,16}}(?:피가|피났|멍|다쳤|엄청아파|너무아파|아팠|숨안)",
            f"{PEER}(?:이|가|은|는|도)?.{{0,8}}(?:엎드리라|꿇으라|꿇래|올라타)",
            f"{PEERS}(?:이|가)?.{{0,10}}(?:가위|칼)로(?:내|나)?(?:머리|옷|가방)(?:를|을)?(?:잘랐|찢)",
            f"{PEERS}(?:이|가)?.{{0,10}}(?:머리에|나한테|몸에)(?:우유|물|흙|모래)(?:을|를)?(?:붓|부었|뿌렸|던)",
            "(?:돈|가방|폰|핸드폰)(?:을|를)?(?:가져갔|뺏어갔|털렸|뺏겼)|(?:안가져오면|안주면)(?:죽여|때린|죽인|가만)",
            "죽여버린다|죽인다고했|일부러나만|나만(?:공으로)?맞추",
            f"{PEER}(?:이|가|은|는|도)?.{{0,14}}(?:{HITS}|{PUSHED}|찌르|찔러|괴롭).{{0,14}}(?:맨날|매일|계속|자꾸|또|마다|그래)",
            f"{PEER}(?:이|가|은|는|도)?(?:맨날|매일|계속|자꾸|또|쉬는시간마다|마다)+.{{0,10}}(?:{HITS}|{PUSHED}|괴롭)",
            f"{PEERS}(?:이|가)?.{{0,24}}(?:뺏|쏟고|밟|가둬|찢).{{0,12}}(?:맨날|매일|계속|자꾸|그래|마다)",
            f"{PEERS}{BY}{HOW}{STRUCK}",
            f"{PEER}{BY}(?:맨날|매일|계속|자꾸)+{HOW}{STRUCK}",
            "(?:나를|날|저를)(?:자꾸|계속|맨날|매일)?괴롭",
            "(?:나를|날|저를|나만)(?:계속|자꾸|맨날|매일|또|다같이)*(?:따돌|따시|왕따|은따)",
            f"^(?!.*(?:게임|부루마블|모노폴리|놀이)).*?{PEER}(?:이|가|은|는|도)?.{{0,8}}"
            "(?:돈|용돈|지갑|폰|핸드폰|[0-9]+원)(?:을|를|씩)?(?:자꾸|계속|또|막|다|억지로)*(?:뺏|빼앗|내놓|가져오라|가져오래|달래)",
            "(?:돈|[0-9]+원|천원|만원)(?:씩)?(?:내놓으래|가져오래|가져오라고|안주면)",
            f"{PEER}(?:이|가|은|는|도)?.{{0,6}}(?:내|제)(?:가슴|엉덩이|팬티|고추|잠지)(?:을|를)?"
            "(?:자꾸|계속|막|몰래|또)*(?:만지|만졌|만져)",
            f"{PEER}(?:이|가|은|는|도)?(?:(?!{BATH}).){{0,6}}(?:바지|팬티|치마)(?:을|를)?(?:억지로|막|자꾸)?"
            "(?:벗겼|벗기|들췄|들추)",
            "(?:단톡방|단톡|톡방|카톡방)(?:에서)?.{0,10}(?:죽으라|욕(?!실|조|심|금지|하면안|쓴)|저격|놀려|왕따|나가라)",
            # Ignored in the class chat again and again, not a prank: "단톡에서 애들이 나 없는척해 내 말 다 씹어 맨날".
            "^(?!.*(?:ㅋ|장난|생일|게임|놀이)).*(?:단톡|톡방|카톡)(?:에서|방에서)?.{0,10}(?:나|내말)(?:만)?(?:다)?"
            "(?:없는척|투명인간|씹|무시|읽씹).{0,10}(?:맨날|매일|계속|또)",
            "(?:나보고|나한테)(?:죽으라|죽어라|꺼지라)",
            # A shuttle for errands forced on the child, not the academy's bus: "학원 셔틀이 늦게 왔다".
            "둘러싸고|무릎꿇으라|무릎꿇래|(?:나|날|나를|내가)(?:는|를)?(?:빵)?셔틀(?:이야|이래|이라|시켜|로|취급)"
            "|셔틀(?:시켜|시키|노릇|취급|당)|(?:와이파이|데이터|핫스팟|숙제|가방)셔틀|셔틀콕(?:이래|담당|취급|노릇)"
            "|빵(?:셔틀|서틀|셔뜰|셔털)(?!.{0,10}(?:교육|나쁜말|드라마|놀이|얘기))|ㅃㅅㅌ",
            f"^(?=.*{PEERS}).*(?:맨날|매일|계속|또)(?:빵|음료수|과자|간식)(?:을|를)?(?:사오래|사오라|사와야|사다줘야|사다바쳐)",
            "(?:우는거|우는걸|우는모습).{0,4}찍(?:어서|어|고).{0,10}(?:단톡|올렸|퍼뜨|돌렸)",
            "(?:화장실|칸|창고|사물함)(?:에|안에)?(?:나를|날)?가두(?:고|었|어)",
            "(?:안주면|안내면|안가져오면).{0,10}(?:팸|팬다|팬대|때려|때린)",
            "(?:옥상|뒷골목|화장실|뒤뜰)(?:에|으로|로)?끌려가서.{0,6}(?:맞|때리|때림)",
            # Not a lesson, a rule, or a child helping: "따돌림 예방 교육", "왕따 당하는 친구를 도와줬다".
            "^(?!.*(?:역할극|예방교육|캠페인|포스터)).*왕따(?!(?:를|는|와|폭력)?(?:예방|방지|반대|교육|캠페인|금지|하지말|시키지말|시키면안|하면안)"
            "|당하는(?:친구|애|아이|사람|동생|형|언니|누나|오빠)(?:를|을|가|이|에게|한테|랑|와|도|의|편))",
        ),
        words=(r"\b(?:bull(?:y|ies)\s+me|bullied\s+me|(?:am|was|get|got|being|been)\s+bullied|bullies\s+\w+\s+me)\b",),
    ),
)
CRISIS = SELF_HARM + HARM_HOME + HARM_ADULT + NEGLECT + SEXUAL + SECRECY + FEAR_HOME + BULLYING
