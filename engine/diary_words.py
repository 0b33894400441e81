"""The pieces the diary signs are built of: who a child lives with, other grown-ups, other children, and the
words for what can be done to a child. Written for the compact reading (no spaces, standard spelling: see
engine/spelling.py), as regular expressions."""

from __future__ import annotations

# Syllables ending in ㄴ or ㄹ (but 울): "죽고싶은 맘", "이런 맘", "그럴 맘" are a mind, not mum.
_ADNOMINAL = "".join(
    chr(code) for code in range(0xAC00, 0xD7A4) if (code - 0xAC00) % 28 in (4, 8) and chr(code) != "울"
)
# The people a child lives with or is family to: parents and step-parents, grandparents, relatives, a
# parent's partner, and older siblings. Naming one in a crisis keeps the parents from being told.
HOME_ADULT = (
    "(?:엄마|아빠|엄빠|어머니|아버지|부모님|새아빠|새엄마|양아빠|양엄마|계모|계부|할머니|외할머니|친할머니|(?<!산타)할아버지|"
    "외할아버지|친할아버지|삼촌|외삼촌|이모|이모부|고모|고모부|큰아빠|작은아빠|큰엄마|작은엄마|숙모|사촌(?!동생)|사촌오빠|"
    "사촌형|사촌언니|사촌누나|엄마남친|엄마남자친구|아빠여친|아빠여자친구|mom|dad|mommy|daddy|"
    # 맘 is mum when she does something to the child, not a heart that aches, calms or stings ("내 맘이 아파",
    # "맘이 좀 가라앉았어", "맘이 찔려", "맘에 들어"); 어제, 이제 and 숙제 before her are no "제 맘".
    f"(?<!내)(?<!(?<![어이숙])제)(?<!네)(?<!니)(?<!나의)(?<!너의)(?<!저의)(?<![그저{_ADNOMINAL}])(?<![^가-힣ㄱ-ㅎ]이)(?<!^이)맘(?=(?:이|가|께서|은|는)(?:나를|날|나|내|저를|나한테|"
    "나보고|날보고|또|맨날|자꾸|계속|오늘|오늘도|어제|막|세게|갑자기|술먹고|술마시고|술만먹으면|술만|다|가끔|요즘|자주|항상|늘|"
    "내[가-힣]{1,2}(?:을|를)?)*"
    "(?:때(?!때|로)|패|팼|밀|꼬집|찔렀|찔러서|찌르|찢(?!어지|어질|어져|어졌|겨)|뺏|"
    "할퀴|밥|먹을|굶|가둬|가뒀|가두|쫓|내쫓|소리|욕|던|부수|부쉈|깼|만지|만졌|만져|벗|비밀|말하지|안들어(?:와|오|온)|안와|나가|버리|버린|발로|"
    "뺨|무서|무섭|마셔|마시|머리(?:를)?(?:때|쳤|채|잡)|머리채|목(?:을)?(?:졸|조르|잡)|죽(?:여|인|일|으라|으래)|(?:혼자)?(?:놔)?두고)"
    "|(?:이|가|은|는)(?:나를|날|나|내가|또|맨날|자꾸|가끔|요즘|나한테|나보고)*(?:싫어해|싫대|버렸|버려|없어졌으면|무섭게|뺏|"
    "말도안|말을안|한심|바보|쓰레기|미워)|(?:이|가)?(?:오는날|퇴근|들어오는|오는소리|있는날|집에있)"
    "|(?:한테|에게)(?:또|맨날|자꾸|계속|오늘|오늘도|어제|막|세게)*(?:맞|혼나|쫓겨|혼났)|(?:이랑|랑|하고)(?:사는|살기|살아|같이살)"
    "|때문|땜에|땜시|무서|무섭))"
)
SIBLING = "(?:형아|형|오빠|누나|언니)"
HOME = f"(?:{HOME_ADULT}|{SIBLING})"
# The child was afraid, forced or cried: a walk, a lift or a game excuses nothing then.
AFRAID_OR_FORCED = "(?:무서|무섭|도망|소름|싫었|싫어|싫다|억지로|끌고갔|끌려|울었|놔)"
# A check-up, a blood test or an operation: a reason to fast.
MEDICAL = "(?:검진|검사|내시경|수술|마취|금식|채혈|피뽑)"
# A friend's or a neighbour's parent, as engine/spelling.py reads them ("친구네 아빠" → 친구네 아저씨).
FRIENDS_PARENT = "(?:친구|친구네|걔네|쟤네|얘네|짝꿍|짝꿍네|옆집)(?:아저씨|아줌마)"
# Play and laughter: a sibling's pinch in a pillow fight is not harm.
PLAY = "(?:ㅋ|ㅎ|물총|베개|장난|놀이|게임|레슬링|태권도|겨루기|씨름|간지럼|잡으러|도망|방탈출)"
# Grown-ups who are not family: teachers of every kind, coaches, neighbours, strangers.
OTHER_ADULT = (
    "(?:(?<!의사)(?<!간호사)선생님|담임|코치|코치님|감독님|관장님|사범님|원장님|강사님|목사님|전도사님|집사님|"
    "아저씨|아줌마|(?<!산타)할아버지|어른|어른들|기사님|기사아저씨|경비|친구아빠|친구엄마|아빠친구|엄마친구|"
    "(?:모르는|낯선|처음보는|어떤)(?:사람|어른|아저씨|아줌마|형|오빠|할아버지|남자|여자))"
)
ADULT = f"(?:{HOME}|{OTHER_ADULT}|누가|누군가)"
# Grown-ups who do not bathe or dress the child: touching its body is a warning sign (a parent feeling for a
# fever is not).
NOT_CARER = (
    f"(?:{OTHER_ADULT}|삼촌|외삼촌|이모부|고모부|큰아빠|작은아빠|사촌오빠|사촌형|새아빠|계부|양아빠|엄마남친|"
    "엄마남자친구)"
)
# Other children.
PEER = (
    "(?:친구|친구들|애들|반애들|같은반애들|남자애들|여자애들|형들|오빠들|누나들|언니들|선배|선배들|짝꿍|짝|"
    "걔|걔네|걔들|쟤네|쟤들|[1-6]학년(?:형들|오빠들|누나들|언니들|애들)|일진|일진들|다른애들|옆반애|반애가|한애가|"
    "어떤애|그애|자리애)"
)
PEERS = (
    "(?:친구들|애들|반애들|같은반애들|남자애들|여자애들|형들|오빠들|누나들|언니들|형아들|선배들|걔네|걔들|쟤네|쟤들|일진들|"
    "[1-6]학년(?:형들|오빠들|누나들|언니들|애들)|[2-9]명이서|여러명이)"
)
BY = "(?:한테|에게|께|한테서|에게서)"
SUBJECT = "(?:이|가|께서|는|은|도)?"
# Words that may stand between the person and the blow.
HOW = (
    "(?:또|막|계속|자꾸|많이|엄청|세게|심하게|맨날|매일|오늘도|또다시|갑자기|화나서|화가나서|술마시고|술먹고|내일|나(?=맨날|매일|또|자꾸|막|때)|"
    "혼나고|혼나서|혼났는데|혼내면서|나를|날|저를|나랑동생을|우리를|머리를|뺨을|뺨|따귀를|따귀|싸대기를|싸대기|"
    "얼굴을|등을|배를|다리를|엉덩이를|종아리를|손바닥을|손등을|몇대|한대|여러대|매를|매|두들겨|"
    "손으로|주먹으로|발로|회초리로|막대기로|매로|벨트로|허리띠로|옷걸이로|효자손으로|몽둥이로|빗자루로|자로|각목으로|"
    "책으로|파리채로|국자로|방망이로)*"
)
# Not 맞는: "엄마한테 맞는 옷" is clothes that fit. Not 맞아 said back: "엄마한테 맞아 맞아 하고 대답했다".
STRUCK = "(?:맞았|맞아(?!맞|라고|하고|하며|했|요라고|요하고)|맞고|맞음|맞을|맞는다|얻어맞|맞았데이)"
# Not 때려잡다 (swat a fly), nor pretending ("때리는 척"), nor a rule or a "not" ("때리지 말라고", "때리면 안 돼",
# "때리지 않는다", "안 때린다"; 동안 is "for a while", not 안).
HITS = (
    "(?<![^동]안)(?<!못)"
    "(?:때렸|때려(?!잡|서는안|도안)|때린(?!척|적없|적이없|적은없|적도없)|때림"
    "|때리(?!는(?:척|시늉|흉내)|지(?:는|도|를)?(?:말|마|않|안)|면안)|때릴(?!척|수도없)|발로찼|발로차|발로참|목을졸|목졸|"
    "쥐어박|머리채|밟았|밟아(?!드|주|줘|줬|가?까|서까)|팼|두들겨팼)"
)
# What may be hit that is not a child: "아빠가 공을 세게 때렸다" and "홈런을 때렸다" are baseball; "베개로 때렸다"
# is a pillow fight.
THING = (
    "(?:(?:공|북|드럼|모기|파리|벌레|샌드백|못|종|셔틀콕|장난감|인형|베개|장작|문|벽|책상)(?:을|를)"
    "|홈런|안타|장타|[23]루타|결승타|(?:베개|쿠션|풍선|물풍선|뿅망치|눈덩이|눈뭉치|물총)(?:로|으로)|모기(?:를|을)?잡(?:는다고|으려고|으려다|다가|았다)?(?:내|나의|제)?(?:팔|다리|등|볼|얼굴|이마|어깨|허벅지|손|목)"
    # The child's own blow to a grown-up, in its sleep or in play: "내가 잠꼬대하면서 엄마를 발로 찼대".
    f"|(?:내가|(?<![문숙주과어])제가)(?:잠꼬대|자다가|자면서|장난|놀다가|실수로|모르고).{{0,12}}{HOME_ADULT}(?:를|을)(?!.{{0,8}}(?:다고|다며|다면서))"
    # Thorns prick: "밤송이 가시가 장갑 뚫고 찔렀다".
    "|(?:밤송이|선인장|가시)(?:가|에|이)?(?:(?!던|때|발로).){0,8}(?:찔|박))"
)
# Done to the child, in words that mean nothing else: a shove, a burn, a grab by the collar; a blow to a part of
# the body. Not a push on a swing, a scrub in the bath, a pinch of the cheek, a photo taken, a piano played
# ("쳤"), a wake-up shake or a throw onto the bed.
PUSHED = (
    "(?:팼|패(?:고|서|버|부|준|죽|는)|지졌|밀쳤|밀쳐|밀어서넘어|밀어버|할퀴|멱살|목(?:을)?잡|목(?:을)?졸|쥐어박|머리채|물어뜯|"
    "후려|내리쳐|내리쳤|내팽개|떠밀|짓눌|(?:머리|머리카락|손|귀)(?:를|을)?(?:억지로|막)?잡아당|"
    "(?:나를|날|저를)(?:또|자꾸|세게|막)*(?:꼬집|할퀴)|"
    "집어던|바닥에(?:다)?(?:던|내던|패대기)|벽에(?:다)?(?:던|밀|박)|아프게(?:꺾|비틀|잡아당|눌러|눌렀)|일부러(?:밀|넘어뜨)|"
    "(?:머리|뺨|얼굴|뒤통수|배|엉덩이|등짝|팔|다리|손등|종아리|귀|볼기|손바닥)(?:를|을|에)?"
    "(?:또|자꾸|세게|막|주먹으로|손으로|볼펜으로|연필로|자로)*(?:쳤|쳐(?!다|주|줬|준)|때|꼬집(?!어주)|비틀|찍|찔|할퀴))"
)
PRIVATE = (
    "(?:가슴|찌(?!개|르|른|릿|꺼|그)|팬티|속옷|엉덩이|성기|사타구니|잠지|소중이|소중한곳|소중한데|중요한곳|중요한데|"
    "은밀한곳|고추|거기|다리사이)"
)
# The private parts by names that mean nothing else (not 고추, a chili; not 팬티, bought in a shop).
PRIVATE_BODY = (
    "(?:가슴|찌(?!개|르|른|릿|꺼|그)|성기|사타구니|잠지|소중이|소중한곳|소중한데|중요한곳|중요한데|은밀한곳|다리사이)"
)
TOUCHED = (
    "(?:을|를|도|에|속을|속에|안을|안에|속으로|안으로|속까지|안까지|으로|에다|까지)?"
    "(?:손을넣|손넣|(?:자꾸|계속|막|몰래|또|억지로)*(?:만지|만졌|만져|만짐|주물|핥|쓰다듬|비비|비볐|문질))"
)
# A bath, a change of clothes or a doctor: the everyday reasons to undress.
BATH = "(?:목욕|씻|샤워|갈아입|수영|잠옷|체육복|병원|진료|주사)"
UNDRESS = (
    "(?:옷|바지|팬티|속옷|치마|윗옷|웃옷)(?:을|를)?(?:다)?"
    "(?:벗으라|벗으래|벗어보라|벗어보래|벗어봐|벗겼|벗기려|벗길라|벗어달|내리라|내리래)"
)
# Someone's blow: "맘이 때려서", "누가 나를 또 때렸어", "그 사람한테 맞았어". Beside thoughts of dying it means
# someone may be hurting the child, perhaps someone at home in a name no list knows (맘, 아바마마): the parents
# are then not told. Not a shot, a ball or a sum ("주사 맞고", "공에 맞았어", "다 맞았다"), nor a child's own
# blow ("내 머리를 때렸어").
BLOWS = f"(?:(?:이|가|께서)나?{HOW}(?:{HITS}|{PUSHED})|{BY}{HOW}{STRUCK})"
# Drawn out and spelled by sound: 무서워, 무서웠어, 무섭다, 무서버.
AFRAID = "(?:무서|무섭|겁나|겁이나|두려|떨려서못)"
# A pet (by its name too: "고양이 레오가") that is gone or off its food for days: a worry, not neglect. Not when
# the child or a grown-up comes between it and the days ("강아지랑 나랑 둘이 3일째 엄마 안 들어와").
PET_DAYS = (
    "(?:고양이|강아지|거북이|거북|햄스터|앵무새|토끼|물고기|금붕어|병아리|냥이|댕댕이|멍멍이)[가-힣]{0,3}?(?:이|가|는)"
    "(?:(?!나(?:는|도|랑|를|만|한테|하고|이랑|혼자)|내가|저(?:는|도|랑)|제가|우리(?!집)|엄마|아빠|동생|형|누나|언니|오빠|할머니|"
    "할아버지|부모).){0,12}"
)
# A secret kept for a surprise: "아빠 생일 파티는 비밀이야".
SURPRISE = "(?:깜짝|서프라이즈|파티|생일|선물준비|선물을준비|포장|몰래카메라|몰카놀이)"

# Named in a crisis diary: someone at home (the parents are never told), or anyone who could be the cause —
# in words the phrase lists do not use too (아버님, 우리 부모, 그 사람, he).
# Older boys or girls of the school or the street, not siblings: "6학년 형들이", "동네 오빠들".
_OTHER_CHILDRENS = (
    "(?<!학년)(?<!중학생)(?<!중딩)(?<!고딩)(?<!고등학생)(?<!동네)(?<!학원)(?<!학교)(?<!도장)(?<!옆반)(?<!다른반)"
    "(?<!모르는)(?<!처음보는)"
)
# An older sibling at home, not the older boys or girls of the school or the street ("동네 형들이 둘러싸고").
SIBLING_AT_HOME = f"(?:(?:(?<=우리)|(?<=울)){SIBLING}들|{_OTHER_CHILDRENS}{SIBLING}(?!들))"
HOME_NAMED = (
    f"(?:{HOME_ADULT}|{_OTHER_CHILDRENS}{SIBLING}|(?:우리|울|내|나의)(?:집|집에)?(?:[1-6]학년|중[1-3]|고[1-3]|중딩|고딩|중학생|고등학생|대학생){SIBLING}|울집|같이쓰는|아버님|어머님|새아버님|새어머님|부모|가족|집에|집엔|우리집|같이사는|같이살|애비|애미|할미|할비|"
    "보호자|파파|마미|동생|ㅇㅁ|ㅇㅃ|uncle|aunt|father|mother|parents?|stepfather|stepmother|stepdad|stepmom|"
    "grandpa|grandma|grandad|brother|sister|family|grandmother|grandfather|cousin|stepbrother|stepsister|"
    # Only as someone's: "my bro hits me", not "bro i wanna die".
    "(?:(?<=my\\s)|(?<=our\\s)|(?<=older\\s)|(?<=big\\s)|(?<=little\\s))(?:bro|sis|gran|nan)(?![a-z])|"
    "step\\s?-?(?:bro|sis)(?![a-z])|아바마마|어마마마|옴마|"
    # Whole words only: a banana, a papaya or a minimum names nobody.
    "(?<![a-z])(?:mum|mummy|mama|papa|nana|granny)(?![a-z]))"
)
PEOPLE_NAMED = (
    f"(?:{HOME_NAMED}|{OTHER_ADULT}|누가|누군가|그사람|그분|그놈|그새끼|그아저씨|그아줌마|그형|그오빠|사람이|사람들이|\\b(?:he|she|him|her|"
    "they|them|someone|somebody|teacher|coach|man|woman|people|babysitter|nanny|tutor|pastor)\\b)"
)
