"""Signs that someone is hurt by someone in a written scene, whatever the words (engine/scene_signs.py reads
them): a weapon held to someone, a blow, a child shut in or taken away, a wound that shows. Each is (what
it shows, in words the prompt writer can be told to leave out; the pattern of one sentence)."""

from __future__ import annotations

# Someone a scene may hurt: a person or an animal, named or as a pronoun.
_SOMEONE = (
    r"(?:him|her|them|someone|somebody|people|(?:a|an|the|his|her|their|its|one|another|two|three|some|every)\s+"
    r"(?:[\w'-]+\s+){0,2}?(?:man|men|woman|women|boy|boys|girl|girls|child|children|kid|kids|baby|toddler|student|"
    r"students|son|daughter|wife|husband|mother|father|mom|mum|dad|grandma|grandmother|grandpa|grandfather|"
    r"brother|sister|teacher|shopkeeper|clerk|cashier|stranger|classmate|classmates|friend|neighbou?r|person|"
    r"villagers|crowd|passengers|cyclist|driver|guard|schoolgirl|schoolboy|teenager|dog|cat|puppy|kitten|deer|"
    r"duck|bird|rabbit|horse|frog|sparrow|pigeon|squirrel|cub|family|father|patient|diver|swimmer|hiker|surfer|"
    r"worker))"
)
_BODY = r"(?:head|throat|neck|chest|stomach|belly|back|face|temple|heart|wrist|wrists|chin|ribs)"
# Whose: his, her, a woman's, his little brother's, the young cashier's.
_WHOSE = (
    r"(?:his|her|their|its|(?:(?:a|an|the|his|her|their)\s+)?(?:[\w-]+\s+){0,2}?(?!(?:fish|squid|octopus|mackerel|tuna|"
    r"salmon|chicken|pig|melon|watermelon|snowman|doll|teddy|bear|pumpkin|cake)'s)[\w-]+'s)"
)
_WEAPON = (
    r"(?:gun|guns|handguns?|pistol|rifle|shotgun|knife|knives|blade|dagger|machete|crossbow|spear|"
    r"broken\s+bottle|scissors|axe|hammer|cleaver|razor|sword|iron\s+bar|metal\s+bar|screwdriver|slingshot)"
)
_EVERYDAY = r"(?:bow|arrow|bottle|bat|compass|pipe|stick|club|paddle|rod|cane|barrel|bolt)"
_PERSON = (
    r"(?:him|her|them|someone|somebody|people|(?:a|an|the|his|her|their|one|another|two|three|some|every)\s+"
    r"(?:[\w'-]+\s+){0,2}?(?:man|men|woman|women|boy|boys|girl|girls|child|children|kid|kids|baby|toddler|student|"
    r"students|son|daughter|wife|husband|mother|father|mom|mum|dad|brother|sister|teacher|shopkeeper|clerk|cashier|"
    r"stranger|classmate|classmates|friend|neighbou?r|person|crowd|passengers|driver|guard))"
)
_NOT_A_TOY = r"(?<!toy\s)(?<!water\s)(?<!foam\s)(?<!plastic\s)(?<!cork\s)(?<!nerf\s)(?<!paper\s)(?<!wooden\s)"
_CHILD = (
    r"(?:her|him|them|(?:the|a|an|one|two|three|his|her|their)\s+(?:[\w'-]+\s+){0,2}?(?:boy|boys|girl|girls|child|"
    r"children|kid|kids|toddler|baby|schoolgirl|schoolgirls|schoolboy|student|pupil|son|daughter|brother|sister|cub))"
)

HURT: tuple[tuple[str, str], ...] = (
    (
        "a weapon aimed at someone",
        rf"\b(?:point\w*|aim\w*|level\w*|brandish\w*|swing\w*|swung|jab\w*|thrust\w*|rais\w*)\s+(?:a|an|the|his|her|their)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_NOT_A_TOY}{_EVERYDAY}\s+(?:[\w-]+\s+){{0,3}}?(?:at|toward|towards)\s+{_PERSON}\b|"
        rf"\b(?:swing\w*|swung|jab\w*|thrust\w*|brandish\w*)\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?"
        rf"{_NOT_A_TOY}{_EVERYDAY}\s+(?:[\w-]+\s+){{0,3}}?(?:at|toward|towards|into)\s+{_SOMEONE}\b|"
        rf"\baim\w*\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?(?:bow|arrow|crossbow)\s+(?:[\w-]+\s+){{0,3}}?(?:at|toward|towards|into)\s+{_SOMEONE}\b",
    ),
    (
        "a weapon aimed at someone",
        rf"\b(?:point\w*|aim\w*|level\w*|press\w*|hold\w*|held|rais\w*|swing\w*|swung|jab\w*|thrust\w*|draw\w*|drew)\s+"
        rf"(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?{_NOT_A_TOY}{_WEAPON}\s+(?:[\w-]+\s+){{0,3}}?"
        rf"(?:at|to|toward|towards|against|into|across|under|over)\s+(?:{_SOMEONE}|{_WHOSE}\s+(?:\w+\s+)?{_BODY}|"
        rf"the\s+{_BODY}\s+of\s+{_SOMEONE})\b",
    ),
    ("a weapon aimed at someone", r"\b(?:at|under)\s+(?:gun|knife|rifle|sword)[-\s]?point\b"),
    (
        "a weapon aimed at someone",
        rf"\b{_NOT_A_TOY}(?:knife|blade|razor|dagger|gun|pistol)\s+(?:[\w-]+\s+){{0,4}}?(?:to|against|at|under)\s+"
        rf"{_WHOSE}\s+(?:own\s+)?(?:\w+\s+)?{_BODY}\b",
    ),
    (
        "a weapon aimed at someone",
        r"\baim(?:s|ed|ing)?\s+(?:it\s+)?at\s+(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+)?(?:ducks?|deer|birds?|rabbits?|"
        r"dogs?|cats?|puppy|kitten|man|woman|boy|girl|people|family|classmate|neighbou?r|crowd)\b",
    ),
    (
        "a weapon aimed at someone",
        rf"\bshoot\w*\s+(?:[\w-]+\s+){{0,2}}?(?<!foam\s)(?<!nerf\s)(?<!toy\s)(?<!suction\s)(?:arrows?|darts?|pellets?|"
        rf"stones?|bolts?)\s+at\s+{_SOMEONE}",
    ),
    (
        "an animal shot or hurt",
        r"\b(?:(?:shoots?|shot|shooting|stones?|stoned|stoning|tortur\w*|drown\w*|tormen\w*)|fir(?:es|ed|ing)\s+(?:a\s+|the\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:stones?|pellets?|rocks?|arrows?)\s+(?:straight\s+)?)\s+(?:at\s+)?(?:a|an|the|"
        r"his|her|their|two|three|some)\s+(?:[\w-]+\s+){0,2}?(?:deer|duck|ducks|bird|birds|rabbit|fox|bear|boar|"
        r"pheasant|cat|cats|kitten|kittens|puppy|puppies|dog|frog|sparrow|pigeon|squirrel|swan)\b(?!\s+(?:pond|pool|lake|pen|house|farm|"
        r"cage|hutch|nest|statue|targets?|toys?|figurines?|pictures?|photos?|video|videos)\b)",
    ),
    (
        "someone being hit",
        rf"\b(?:hit\w*|beat\w*|whip\w*|strik\w*|struck|smack\w*|lash\w*|thrash\w*|spank\w*|slap\w*|punch\w*)\s+"
        rf"{_SOMEONE}\s+(?:\w+\s+){{0,3}}?with\s+(?:a|the|his|her|their)\s+(?:[\w-]+\s+)?(?:belt|stick|cane|rod|"
        rf"hanger|ruler|bat|club|pipe|hose|slipper|spoon|paddle|broom|shoe|fist|fists)\b",
    ),
    (
        "someone being hit",
        r"\b(?:slap\w*|punch\w*|smack\w*|whip\w*|lash\w*|beat\w*|strik\w*|struck)\s+(?:\w+\s+)?"
        rf"{_WHOSE}\s+(?:\w+\s+)?(?:face|cheek|cheeks|head|back|stomach|palms|hands|legs|calves|ribs)\b",
    ),
    ("someone being hit", rf"\bhit\w*\s+{_WHOSE}\s+(?:face|cheek|cheeks|stomach|mouth|nose|eye|eyes)\b"),
    (
        "someone being hit",
        r"\bred\s+hand-?print\s+(?:\w+\s+){0,2}?on\s+(?:his|her|their|the\s+\w+'s)\s+(?:cheek|face)\b",
    ),
    (
        "someone being hurt",
        rf"\b(?:drag\w*|yank\w*|pull\w*|grab\w*|haul\w*)\s+{_SOMEONE}\s+(?:\w+\s+){{0,3}}?by\s+(?:the|her|his|"
        rf"their)\s+(?:hair|ear|ears|throat|neck|ankle|ankles|ponytail|pigtails?|braids?)\b",
    ),
    (
        "someone being hurt",
        rf"\b(?:fling\w*|flung|hurl\w*|throw\w*|threw|thrown|shov\w*|push\w*|slam\w*|kick\w*|knock\w*)\s+"
        rf"{_SOMEONE}\s+(?:\w+\s+){{0,2}}?(?:against|into|onto|to|down|across|off)\s+(?:the\s+|a\s+)?"
        rf"(?:wall|walls|floor|ground|cupboard|cupboards|door|table|stairs|staircase|counter|locker|lockers|"
        rf"radiator|fridge|pavement|concrete)\b",
    ),
    (
        "someone being hurt",
        rf"\b(?:hands?|fingers)\s+(?:\w+\s+){{0,2}}?(?:around|round|on|across)\s+{_WHOSE}\s+throat\b|\b(?:hands?|fingers)\s+"
        rf"(?:\w+\s+){{0,2}}?(?:tighten\w*|squeez\w*|press\w*|clos\w*)\s+(?:around|round|on)\s+{_WHOSE}\s+neck\b",
    ),
    (
        "someone being hurt",
        r"\b(?:hold\w*|held|push\w*|press\w*|forc\w*|shov\w*)\s+(?:(?:a|an|the|his|her|their)\s+)?(?:[\w-]+\s+){0,2}?"
        r"[\w-]+'s\s+(?:head|face|hand|hands|arm)\s+(?:\w+\s+){0,2}?(?:under|into|against|onto)\s+(?:the\s+)?(?:water|"
        r"toilet|tap|stove|iron|hot|boiling|steaming|burning|flame|flames|fire)\b|\b(?:hold\w*|held|push\w*|press\w*|"
        r"forc\w*|shov\w*)\s+(?:[\w'-]+\s+){0,3}?(?:head|face|hand|hands|arm)\s+(?:\w+\s+){0,2}?(?:under|into|against|"
        r"onto)\s+(?:the\s+)?(?:toilet|stove|iron|hot|boiling|scalding|steaming|burning|flame|flames|fire)\b|\b(?:hold\w*|"
        r"held|push\w*|forc\w*)\s+(?:him|her|them|the\s+(?:\w+\s+)?(?:boy|girl|child|kid|puppy|kitten|dog|cat))\s+"
        r"(?:down\s+)?under\s+(?:the\s+)?water\b",
    ),
    (
        "someone being hurt",
        r"\b(?:throw\w*|threw|pour\w*|tip\w*|splash\w*)\s+(?:a\s+|the\s+)?(?:\w+\s+){0,2}?(?:boiling|scalding|hot)\s+"
        r"(?:\w+\s+)?(?:at|over|on)\s+(?:him|them|her(?=\s*[,.!?;]|\s+(?:and|as|while|until)\b)|(?:the|his|her|their)\s+"
        r"(?:\w+\s+)?(?:boy|girl|child|baby|kid|son|daughter|face|arm|arms|hand|hands|leg|legs|back|head|dog|cat|"
        r"puppy|kitten|man|woman|wife|husband|brother|sister)|\w+'s)\b",
    ),
    (
        "someone being hurt",
        r"\b(?:burn\w*|press\w*|stub\w*)\s+(?:a\s+|the\s+)?(?:\w+\s+)?(?:cigarette|lighter|iron|curling\s+iron|"
        r"poker)\s+(?:\w+\s+){0,2}?(?:on|onto|into|against)\s+(?:his|her|their|the\s+\w+'s)\s+(?:\w+\s+)?(?:arm|hand|"
        r"hands|skin|back|leg|face)\b",
    ),
    (
        "someone being hurt",
        r"\bbruises?\s+(?:\w+\s+)?(?:shaped\s+like|in\s+the\s+shape\s+of)\s+(?:fingers|a\s+hand|hands)\b|"
        r"\b(?:round|cigarette)\s+burn\s+marks\b|\b(?:kick\w*|punch\w*|hit\w*|beat\w*|slap\w*|strik\w*)\s+(?:and\s+"
        r"\w+\s+)?(?:a|the|one|his|her|their)\s+(?:[\w-]+\s+){1,2}?(?:boy|girl|child|kid|student|classmate|"
        r"cub|puppy|kitten|dog|cat|man|woman)\b(?!'s)(?!\s+(?:at|in|to)\s+(?:a\s+|the\s+|their\s+)?(?:\w+\s+)?(?:game|"
        r"games|chess|cards|race|match|checkers|arm[-\s]?wrestl\w*|badminton|tennis|baduk|go|yut|ssireum|contest|"
        r"competition|quiz|final|tournament|relay|round|spelling|swimming|running|sprint|ping-pong|ball|finish|line|goal)\b|\s+by\s+"
        r"(?:\w+\s+)?(?:points?|goals?|seconds?|metres?|meters?|laps?))",
    ),
    (
        "someone being hurt",
        rf"\b(?:tears?|tore|rips?|ripping|maul\w*|slash\w*)\s+(?:at\s+)?(?:{_SOMEONE}|{_WHOSE}\s+(?:(?!(?:pants|trousers|jeans|"
        rf"shirt|coat|jacket|sweater|dress|skirt|sleeve)\s)\w+\s+)?(?:arm|arms|"
        rf"face|leg|legs|hand|hands|neck|throat|chest|back))\b|\btied\s+(?:his|her|their)\s+hands\b|\bhold\w*\s+"
        rf"(?:(?:a|an|the|his|her|their)\s+)?(?:[\w-]+\s+){{0,2}}?[\w-]+'s\s+head\s+(?:down|under)\b|\bhold\w*\s+"
        rf"{_WHOSE}\s+head\s+down\b|\bfirecrackers?\s+(?:\w+\s+){{0,3}}?(?:into|in)\s+(?:their|its|his|her|"
        rf"the\s+\w+'s)\s+mouths?\b",
    ),
    (
        "someone being hurt",
        rf"\b(?:chok(?:es|ed|ing)|throttl\w*|smother\w*)\s+{_SOMEONE}(?!\s+(?:\w+\s+)?with\s+(?:\w+\s+)?(?:kisses|hugs|love|cuddles|"
        rf"attention|praise)\b)|\b(?:girlfriend|boyfriend|partner|wife|husband)\b"
        rf"[^.]{{0,20}}\b(?:chok\w*|strangl\w*)|\bset\s+upon\s+{_SOMEONE}|\bbelts?\s+(?:him|her|them)\b(?!\s+(?:in|into)\b)|\bwhack\w*\s+"
        rf"{_WHOSE}\s+(?:\w+\s+)?(?:knuckles|hands|head|face|back|legs)\b(?!\s+on\s+(?:the|a)\s)|\bhold\w*\s+{_WHOSE}\s+head\s+in\s+the\s+"
        rf"(?:toilet|water|bucket|sink|bath)\b|\bfirecrackers?\s+to\s+{_WHOSE}\s+tail\b",
    ),
    (
        "someone being hurt",
        rf"\b(?:bow|arrow|crossbow)\b[^.]{{0,80}}\btoward\s+{_WHOSE}\s+(?:\w+\s+)?(?:back|head|face|chest)\b|\bwatch\w*\s+"
        r"(?:it|him|her|them)\s+(?:flop|gasp|suffocate|struggle(?!\s+(?:to|with)\b)|drown|die)\b|"
        r"\bslash\w*\s+(?:the\s+other|each\s+other)\b(?!\s+with\s+(?:\w+\s+)?(?:pool\s+noodles?|foam|balloons?|toy|plastic|cardboard|"
        r"paper)\b)|\b(?:throw\w*|threw|fires?|shoot\w*)\s+(?:\w+\s+){0,3}?"
        r"(?:straight\s+)?at\s+(?:the\s+)?faces\b",
    ),
    (
        "a child locked in",
        rf"\b(?:lock\w*|shut\w*|trap\w*|chain\w*)\s+{_CHILD}\s+(?:\w+\s+){{0,2}}?(?:in|inside|into|out|outside|under|"
        rf"on)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:closet|cupboard|wardrobe|basement|cellar|storage|bathroom|cage|"
        rf"shed|trunk|boot|box|dark|cold|snow|balcony|doghouse|kennel)\b",
    ),
    (
        "a child locked in",
        r"\b(?:boy|girl|child|kid|toddler|baby|he|she|they|son|daughter)\s+(?:is|was|sits|sat|lies|lay|stands|"
        r"are|were|has\s+been|had\s+been)\s+(?:\w+\s+)?(?:tied|taped|chained|bound|gagged|locked\s+(?:in|inside|out))\b"
        r"(?!\s+(?:for|with|at|together|(?:\w+\s+)?to\s+(?:\w+'s\s+|her\s+|his\s+)?(?:back|front|chest|side))\b)",
    ),
    (
        "a child locked in",
        r"\b(?:tied|taped|chained|bound|strapped)\s+(?!together\b)(?:\w+\s+){0,2}?by\s+the\s+(?:ankle|ankles|wrist|wrists|neck)\b",
    ),
    (
        "a child locked in",
        r"\b(?:padlock\w*|(?<!child\s)(?<!baby\s)(?<!safety\s)(?<!child-)lock\w*)\s+(?:\w+\s+){0,2}?(?:fridge|refrigerator|food\s+cupboard)\b|\b(?:fridge|"
        r"refrigerator|food\s+cupboard)\s+(?:is\s+|was\s+|has\s+been\s+)?(?:padlocked|locked|chained)\b",
    ),
    (
        "a child locked in",
        r"\b(?:sits?|sat|sitting|lies|lay|lying|crouch\w*|huddl\w*|curl\w*|kept|left)\s+(?:\w+\s+){0,2}?in\s+(?:a|the)\s+"
        r"(?:locked\s+(?!(?:cinema|theatre|theater|movie|planetarium|screening|karaoke)\b)(?:\w+\s+)?(?:basement|cellar|closet|cupboard|storage\s+room|cage|wardrobe|room)|"
        r"dark\s+(?:\w+\s+)?(?:basement|cellar|closet|cupboard|storage\s+room|cage|wardrobe))\b"
        r"[^.]{0,60}\b(?:alone|for\s+(?:hours|days)|no\s+light|crying|tears|hungry)\b",
    ),
    (
        "a child locked in",
        r"\b(?:girl|boy|child|kid|he|she|son|daughter)\s+(?:(?!(?:puppy|dog|cat|kitten|watch\w*|feed\w*)\b)[\w'-]+\s+)"
        r"{0,6}?(?:eat\w*|ate|lick\w*)\s+(?:[\w'-]+\s+)"
        r"{0,4}?from\s+(?:a|the)\s+(?:[\w-]+\s+)?dog(?:'s)?\s+bowl\b",
    ),
    (
        "a child locked in",
        r"\blocked\s+out\s+(?:on|in)\s+(?:the\s+)?(?:\w+\s+)?(?:veranda|balcony|porch|doorstep|snow|cold|yard)\b"
        r"[^.]{0,100}\b(?:winter|snow|freezing|cold|night|t-shirt|barefoot)\b|\bbolted\s+from\s+the\s+outside\b",
    ),
    (
        "a child taken away",
        rf"\b(?:push\w*|pull\w*|drag\w*|bundl\w*|shov\w*|forc\w*|throw\w*|threw|snatch\w*|lur\w*|grab\w*|"
        rf"wav\w*|beckon\w*|coax\w*|lead\w*|led|walk\w*|tak\w*|took)\s+{_CHILD}\s+(?:\w+\s+){{0,4}}?(?:into|toward|"
        rf"towards|to|inside)\s+(?:the\s+back\s+of\s+)?(?:a|the|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?(?:van|car|"
        rf"truck|trunk|boot|back\s+seat|backseat|boat)\b",
    ),
    (
        "a child taken away",
        r"\b(?:stranger|(?<!cream\s)man|woman|someone|figure|(?<!bus\s)driver)\b[^.]{0,80}\b(?:sweets|candy|candies|lollipops?|chocolates?|"
        r"kittens?|puppy|puppies|toys?|game|games|ice\s+cream|snacks?|free\s+cones?)\b[^.]{0,80}\b(?:car|van|truck|back\s+room|"
        r"back\s+door|"
        r"his\s+(?:house|apartment|flat|home)|come\s+with|follow(?:s|ed|ing)?\s+(?:him|her|me)|alone|secret|tells?\s+no\s+one|"
        r"(?:leads?|led)\s+(?:her|him|them|the\s+(?:\w+\s+)?(?:boy|girl|child|kid|children|kids))|"
        r"takes?\s+her\s+hand|takes?\s+his\s+hand)\b",
    ),
    (
        "a child taken away",
        rf"\b(?:man|stranger|figure|someone|woman)\b[^.]{{0,40}}\b(?:follow\w*|trail\w*|stalk\w*|walks?\s+behind)\s+"
        rf"{_CHILD}\b|\b(?:man|stranger|figure|someone|woman)\b[^.]{{0,40}}\bwatch\w*\s+{_CHILD}\b",
    ),
    (
        "a child taken away",
        r"\b(?:our|their|a|his|her)\s+(?:little\s+|special\s+|own\s+)?secret\b[^.]{0,80}\b(?:alone\s+with\s+(?:him|me)|"
        r"(?:be|come|stay|meet\w*)\s+(?:\w+\s+)?alone|alone\s+in\s+(?:his|the)\s+(?:car|house|room|office|apartment)|"
        r"stay\s+(?:late|after)|come\s+over|meet\s+(?:him|me|her)\b|his\s+(?:car|house|apartment|room)|back\s+room|don't\s+tell|not\s+to\s+tell|"
        r"tells?\s+no\s+one|grown-ups)\b",
    ),
    (
        "a child taken away",
        r"\b(?:not\s+to\s+tell|tells?\s+(?:her|him)\s+(?:not\s+to|never\s+to)\s+tell|don't\s+tell)\s+(?:her|his|"
        r"their|anyone|anybody|your)\b|\balone\b[^.]{0,60}\bnever\s+tells?\s+(?:his|her|their)\s+(?:parents|mum|mom|"
        r"dad|mother|father)\b",
    ),
    (
        "a child taken away",
        r"\b(?:ransom|demand\w*\s+money)\b|\bthe\s+(?:man|woman|people|stranger|men)\s+who\s+(?:took|kidnapped|"
        r"snatched|stole)\s+(?:her|him|them)\b(?!\s+(?:photos?|pictures?|portrait|order|coat|ticket|temperature|blood|"
        r"to\s+(?:the\s+)?(?:zoo|park|museum|school|class)|on\s+(?:a|the)\s+(?:\w+\s+)?(?:ride|trip|tour|walk|hike)|fishing|camping|swimming))",
    ),
    (
        "a child taken away",
        r"\b(?:nobody|no\s+one)\s+(?:must|can|should|may|will)\s+(?:ever\s+)?know\b(?![^.]{0,200}\b(?:surprise|party|"
        r"present|gift|birthday|recipe)\b)|\bprivate\s+meetings?\b|\bsecret\b[^.]{0,80}\block\w*\s+the\s+(?:\w+\s+)?"
        r"door\b|\block\w*\s+the\s+(?:\w+\s+)?door\b[^.]{0,80}\bsecret\b",
    ),
    (
        "a child taken away",
        r"\bleads?\s+(?:her|him|them)\s+(?:\w+\s+){0,5}?away\s+from\s+(?:her|his|their)\s+(?:parents|mum|mom|dad|mother|"
        r"father|family)\b|\b(?:stranger|man|woman|mascot|driver)\b[^.]{0,120}\b(?:walks?|leads?|takes?|led|took)\s+"
        r"(?:her|him|them)\s+away\b|\b(?:games?|touch\w*|cuddles?)\s+(?:must|should|will)\s+(?:stay|be|remain)\s+"
        r"(?:a\s+|our\s+|their\s+)?secret\b|\bsecret\s+games\b",
    ),
    (
        "a bad injury",
        r"\b(?:belly|stomach|chest|arm|shoulder|leg|side|throat)\s+(?:\w+\s+)?(?:torn|ripped|split|sliced|slit|cut)\s+"
        r"open\b|\binsides\s+(?:spill\w*|hanging|out)\b|\bbone\s+(?:\w+\s+)?(?:sticking|poking|jutting)\s+out\s+"
        r"(?:through|of)\b|\bflap\s+of\s+skin\b|\b(?:neck|arms?|legs?|body|head)\s+(?:\w+\s+)?(?:bent|bending|twisted)\s+"
        r"the\s+wrong\s+way\b|\bheadless\s+(?:body|bodies|man|woman|chicken|hen|bird)\b",
    ),
    (
        "a bad injury",
        r"\b(?:red|dark|crimson|dark\s+red)\s+(?:\w+\s+)?(?:stain|puddle|pool|smear|trail|pools|streak)\b[^.]{0,60}\b"
        r"(?:under|around|behind|beneath|from\s+under|across)\s+(?:the|his|her|a)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|"
        r"body|rider|boy|girl|person|him|her|head|helmet|still)\b(?!'s)|(?<!lips\s)(?<!mouth\s)(?<!mouths\s)(?<!cheeks\s)"
        r"(?<!faces\s)(?<!nails\s)\b(?:spraying|spatter\w*|splatter\w*|dripping|"
        r"drips|smeared|soaked|streaked|runs|running|pouring)\s+(?:with\s+)?(?:bright\s+|dark\s+)?(?:red|crimson)\b"
        r"(?!\s+(?:with|paint|ink|crayon|juice|sauce|berries|jam|ketchup|dye|sand|leaves|clay|marker|wine|apples?|"
        r"colou?rs?|ribbons?|petals|light|lights|wax|and))",
    ),
    (
        "a bad injury",
        r"\b(?:lies|lay|lying)\s+(?:\w+\s+)?(?:crushed|twisted|dead|lifeless|motionless)\b|\b(?:float\w*|lie|lies|"
        r"lying)\s+face\s*-?down\s+(?:in|among)\s+(?:the\s+)?(?:brown\s+|muddy\s+|dark\s+)?(?:water|river|flood|"
        r"wreckage|rubble|reeds|boards|mud)\b|\bbodies\s+(?:\w+\s+)?(?:float|floating|scattered|lie|lying|strewn|"
        r"piled|under)\b|\buntil\s+(?:it|he|she|its\s+\w+|his\s+\w+|her\s+\w+)\s+(?:goes|go|went|stops?)\s+(?:limp|"
        r"kicking|moving|breathing)\b|\b(?:pull\w*|tear\w*|tore|rip\w*)\s+(?:\w+\s+){0,3}?(?:wings|legs)\s+off\b",
    ),
    (
        "a bad injury",
        r"\b(?:covered|sheeted|wrapped)\s+(?:shapes|bodies|figures)\b|\b(?:shapes?|bodies|body|figures?)\s+(?:under|"
        r"covered\s+(?:by|with))\s+(?:a\s+)?(?:white\s+|dirty\s+|grey\s+)?(?:sheets?|blankets?|tarps?)\b",
    ),
    (
        "a bad injury",
        r"\b(?:family|man|woman|boy|girl|child|children|people|he|she|they)\s+(?:was|were|is|are)\s+found\s+dead\b|"
        r"\bspatter\w*\s+(?:\w+\s+){0,2}?red\b|\b(?:head|heads)\s+(?:rolls?\s+(?:into|onto|off)\s+(?:the\s+)?(?!(?:(?:his|her|their|my|your|"
        r"\w+'s)\s+)?(?:pillows?|hands?|arms?|shoulders?|lap|chest|desk|table|book|knees?|window|seat|backpack|bag|cushion|blanket)\b)\w+|"
        r"(?:drops?|falls?)\s+(?:into|onto|off)\s+(?:the\s+)?"
        r"(?!(?:(?:the|a|his|her|their|my|your|\w+'s)\s+){0,2}(?:pillows?|hands?|arms?|shoulders?|lap|chest|desk|table|book|knees?|"
        r"window|seat|backpack|bag|cushion|blanket|bed|sofa|couch)\b)\w+)",
    ),
    (
        "a bad injury",
        r"\bloosen\w*\s+(?:the\s+)?(?:nuts|bolts|screws)\s+(?:on|of)\s+(?:[\w'-]+\s+){0,3}?(?:wheel|wheels|brakes?|bike|"
        r"bicycle|slide|swing|ladder)\b(?!\s+(?:seat|saddle|basket|bell|rack|lock|lights?|stand))(?![^.]{0,200}\b(?:change|"
        r"changes|changing|flat|tyre|tire|fix\w*|repair\w*|mechanic|adjust\w*|raise|lower|winter|stor\w*|"
        r"take\s+it\s+down|put\s+it\s+away)\b)",
    ),
    (
        "someone being hurt",
        rf"\btwist\w*\s+{_WHOSE}\s+(?:ear|ears|arm|arms|wrist)\b|\bslams?\s+(?:his|her|their|the\s+\w+'s)\s+head\s+(?:down\s+)?"
        r"(?:on|against|into)\b",
    ),
)
