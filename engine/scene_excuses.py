"""More of what makes a sign's match ordinary (engine/scene_signs.py reads them with its own): a fishing rod
shown to a son, a high five, a rope swing, a pufferfish's poison, a car wash with the family inside. Each is
(sign, what the match shows, what in the sentence makes it ordinary, what would make it unsafe again)."""

from __future__ import annotations

EXCUSES: tuple[tuple[str, str, str, str | None], ...] = (
    (
        "a weapon aimed at someone",
        r"\brod\b",
        r"\bfishing\b",
        r"\b(?:hit\w*|strik\w*|beat\w*|threat\w*|angry|crying|scream\w*|bruis\w*)\b",
    ),
    (
        "a weapon aimed at someone",
        r"^point\w*\s+(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:stick|pointer)\b",
        r"\b(?:board|chalkboard|whiteboard|map|class|classroom|lesson|raises?\s+(?:her|his|their)\s+hands?)\b",
        r"\b(?:hit\w*|strik\w*|beat\w*|threat\w*|angry|crying|scream\w*|bruis\w*)\b",
    ),
    (
        "a weapon aimed at someone",
        r"^rais\w*\b.*\bover\s+(?:his|her|their)(?:\s+(?:own\s+)?head)?$",
        r"\b(?:moles?|nails?|arcade|logs?|firewood|pegs?)\b",
        r"\b(?:hit\w*|strik\w*|beat\w*|threat\w*|angry|crying|scream\w*|brings?\s+it\s+down|swing\w*|swung)\b",
    ),
    (
        "a weapon aimed at someone",
        r"\brazor\b",
        r"\b(?:his\s+razor\s+(?:[\w-]+\s+){0,4}?(?:to|against|at|under)\s+his|her\s+razor\s+(?:[\w-]+\s+){0,4}?(?:to|against|at|under)\s+"
        r"her)\s+(?:own\s+)?(?:chin|cheeks?|face|jaw)\b",
        r"\b(?:throat|neck|wrists?|threat\w*|scream\w*|crying|blood|(?:boy|girl|child|kid|son|daughter|wife|woman|man|baby)'s)\b",
    ),
    (
        "a weapon aimed at someone",
        r"\bscissors\b",
        r"\b(?:barber\w*|hairdresser\w*|haircut|snip\w*|trim\w*)\b",
        r"\b(?:throat|neck|eyes?|threat\w*|scream\w*|crying|stab\w*)\b",
    ),
    (
        "an animal shot or hurt",
        r"^(?:shoots?|shot|shooting)",
        r"\b(?:cameras?|photos?|photograph\w*|videos?|lens)\b",
        r"\b(?:guns?|rifles?|arrows?|bows?|slingshots?|pellets?|dead|falls?|fell|bleed\w*|wounded|hunt\w*)\b",
    ),
    ("someone being hit", r"hands$", r"\bhigh[-\s]?fives?\b", None),
    (
        "someone being hit",
        r"^(?:hit|strik|struck)",
        r"\b(?:light|glow|moonlight|lamplight|candlelight|smell|scent|aroma|steam|splash|mist)\s+(?:\w+\s+){0,3}?(?:hits?|strikes?|struck)\b",
        None,
    ),
    (
        "a child taken away",
        r"^(?:nobody|no\s+one)",
        r"\b(?:treasure|game|hide[-\s]and[-\s]seek)\b",
        r"\b(?:touch\w*|photos?|alone|hurt\w*|bruis\w*|car|room|man|stranger|coach|uncle|neighbou?r)\b",
    ),
    (
        "someone being hurt",
        r"by\s+the\s+hair$",
        r"^\s*(?:the|a|her|his|their)\s+(?:little\s+)?(?:baby|toddler)\s+(?:\w+\s+)?(?:grab\w*|pull\w*|yank\w*)\b",
        None,
    ),
    (
        "someone being hurt",
        r"^(?:knock|push)",
        r"\b(?:puppy|puppies|dog|dogs|kitten|goat|pony|calf|lamb)\s+(?:\w+\s+)?(?:knock\w*|push\w*)\b(?=[^.]{0,200}\b(?:lick\w*|"
        r"laugh\w*|giggl\w*|wag\w*)\b)",
        r"\b(?:crying|cries|sobb\w*|scream\w*|bleed\w*|blood|hurt\w*|angry|rage|bit\w*)\b",
    ),
    ("someone being hurt", r"^push", r"\bgently\s+push\w*\s+(?:the\s+)?(?:cat|dog|puppy|kitten)\s+off\b", None),
    (
        "someone being hurt",
        r"throat$",
        r"\b(?:doctor|nurse|check\w*|swollen|swelling|examin\w*)\b",
        r"\b(?:squeez\w*|tighten\w*|chok\w*|scream\w*|crying|gasp\w*)\b",
    ),
    (
        "someone being hurt",
        r"\b(?:hands?|arms?)\s+(?:\w+\s+){0,2}?(?:under|into)\s+(?:the\s+)?(?:tap|water)$",
        r"\b(?:wash\w*|rins\w*|soap\w*|swim\w*|stroke|coach|lesson)\b",
        r"\b(?:hot|boiling|scald\w*|steaming|burn\w*|scream\w*|crying|struggl\w*|gasp\w*)\b",
    ),
    (
        "someone being hurt",
        r"^(?:throw|threw|pour|tip|splash)",
        r"\bhot\s+springs?\b|\bspa\b|\bonsen\b",
        r"\b(?:scream\w*|crying|burn\w*|blister\w*)\b",
    ),
    (
        "someone being hurt",
        r"^tied",
        r"\b(?:magic\w*|tricks?|magician)\b",
        r"\b(?:gag\w*|van|car|lock\w*|scream\w*|crying|alone|basement|night)\b",
    ),
    (
        "someone being hurt",
        r"head\s+(?:down|in\s+the)",
        r"\b(?:shampoo\w*|rins\w*|wash\w*|support\w*|so\s+(?:the\s+)?water\s+(?:doesn't|does\s+not|won't)\s+(?:reach|get\s+in))\b",
        r"\b(?:toilet|bucket|struggl\w*|gasp\w*|scream\w*|crying|until|punish\w*)\b",
    ),
    (
        "someone being hurt",
        r"^watch\w*\s+(?:it|them)\s+flop",
        r"\b(?:put\w*\s+it\s+back|releas\w*|let\w*\s+it\s+go)\b",
        None,
    ),
    (
        "someone being hurt",
        r"faces$",
        r"\b(?:petals?|confetti|rice|bubbles|flowers?|kisses|snowflakes?)\b",
        r"\b(?:stones?|rocks?|acid|bricks?|bottles?|hot|boiling|bleed\w*|scream\w*)\b",
    ),
    (
        "a child locked in",
        r"^locked\s+out",
        r"\b(?:forgot|forgets|forgotten|lost|left)\s+(?:his|her|their)\s+(?:\w+\s+)?(?:key|keys|card|code)\b",
        r"\b(?:punish\w*|bang\w*|crying|sobb\w*|scream\w*|t-shirt|barefoot|night)\b",
    ),
    (
        "a child taken away",
        r"^(?:lead|led|walk|tak|took|wav|beckon)",
        r"\b(?:guide|captain|crew|ferry|field\s+trip|school\s+trip|class\s+trip|life\s+jackets?)\b",
        r"\b(?:alone|secret|crying|scream\w*|struggl\w*|van|night|drag\w*|forc\w*|lock\w*|tied|gag\w*)\b",
    ),
    (
        "a child taken away",
        r"^(?:stranger|man|woman|someone|figure|driver)",
        r"\bback\s+(?:in|into)\s+(?:the|their|our)\s+car\b|\blibrar(?:y|ian)\b",
        r"\b(?:van|back\s+room|secret|come\s+with|follow\w*|(?:his|her)\s+(?:house|apartment|flat|home|car)|out\s+through|"
        r"back\s+exit|with\s+(?:him|her|me))\b",
    ),
    (
        "a child taken away",
        r"^(?:our|their|a|his|her)\s+(?:little\s+|special\s+|own\s+)?secret",
        r"\b(?:ice\s+cream|cookies?|candy|sweets|snacks?|treats?|dessert|cake|chocolate|surprise|present|gift|party)\b",
        r"\b(?:touch\w*|photos?|pictures?|alone|hurt\w*|bruis\w*|car|room|flat|apartment|house|meet\w*|stay\s+late|come\s+over|"
        r"undress\w*|clothes|man|stranger|coach|uncle|neighbou?r)\b",
    ),
    (
        "a child taken away",
        r"secret|lock",
        r"\bsecret\s+(?:club|clubhouse|base|fort|den|hideout|tree\s*house|garden)\b",
        r"\b(?:man|stranger|coach|teacher|uncle|neighbou?r|alone|touch\w*|photos?|undress\w*)\b",
    ),
    (
        "a child taken away",
        r"away$",
        r"\b(?:zookeeper|guide|keeper|ranger)\b",
        r"\b(?:alone|secret|crying|scream\w*|van|car|from\s+(?:her|his|their)\s+(?:parents|mum|mom|dad|family))\b",
    ),
    (
        "a bad injury",
        r"^insides",
        r"\b(?:pumpkins?|jack-o'-lanterns?|pillows?|cushions?|teddy|toy|melon|watermelon|seeds?)\b",
        r"\b(?:body|dog|cat|man|woman|blood)\b",
    ),
    ("a bad injury", r"wrong\s+way$", r"\b(?:toy|robot|doll|lego|teddy|puppet|action\s+figure)\b", None),
    (
        "a bad injury",
        r"^until",
        r"\b(?:tickl\w*|giggl\w*)\b",
        r"\b(?:chok\w*|squeez\w*|under|pillow\s+over|strangl\w*|drown\w*|hold\w*\s+(?:him|her)\s+down|breath\w*|dead|die[sd]?|"
        r"stops?\s+moving|not\s+moving)\b",
    ),
    (
        "a bad injury",
        r"^bodies",
        r"\b(?:swim\w*|salty|look\w*\s+at\s+the\s+sky)\b",
        r"\b(?:dead|lifeless|still|motionless|storm|flood\w*|wreck\w*|tsunami|crash\w*|sank|sink\w*|capsiz\w*|drown\w*)\b",
    ),
    (
        "a bad injury",
        r"red|crimson",
        r"\b(?:colou?r\s+run|colou?red\s+powder|holi)\b",
        r"\b(?:body|still|lifeless|motionless|wound\w*|knife|blade|gun|crash\w*)\b",
    ),
    (
        "poison",
        r"chemicals?",
        r"\b(?:science|experiment|lab)\b",
        r"\b(?:tea|coffee|juice|soup|drink|lunch\w*|milk|food|lemonade)\b",
    ),
    (
        "something sharp hidden",
        r"^(?:broken\s+glass|glass\s+shards?)",
        r"\b(?:sweep\w*|swept|clean\w*|pick\w*\s+up|dustpan|broom)\b",
        r"\b(?:hid\w*|bury\w*|buried|scatter\w*|sprinkl\w*|push\w*|press\w*)\b",
    ),
    ("something dropped on people", r"neck\s+height", r"\blimbo\b", None),
    (
        "something dropped on people",
        r"(?:railway|train)\s+tracks$",
        r"\b(?:toy|wooden|model|little\s+engine|built|lego|play\s*mat)\b",
        r"\b(?:real|station|crossing|platform)\b",
    ),
    (
        "something frightening",
        r"crawl",
        r"\b(?:maze|tunnel|play\s*house|fort|tent|ball\s+pit)\b",
        r"\b(?:tv|television|screen|static|grave|well|dead|pale|hair\s+over)\b",
    ),
    (
        "something frightening",
        r"eyeless",
        r"\b(?:teddy|bear|doll|toy|plush\w*|stuffed|snowm[ae]n)\b",
        r"\b(?:grin\w*|stares?|staring|moves?|moving|turns?|crawl\w*|whisper\w*|creep\w*|by\s+itself)\b",
    ),
    (
        "something frightening",
        r"foot\s+of",
        r"\b(?:cast\w*|lamp\w*|slippers)\b",
        r"\b(?:stands?|standing|figure|tall|watch\w*|breath\w*|reach\w*|mov\w*|whisper\w*)\b",
    ),
    (
        "people in danger",
        r"buried\s+under",
        r"\b(?:giggl\w*|laugh\w*|play\w*|pretend\w*)\b",
        r"\b(?:avalanche|rescue\w*|trapped|cry\w*|scream\w*|help|rubble)\b",
    ),
    (
        "people in danger",
        r"one\s+by\s+one",
        r"\b(?:laugh\w*|giggl\w*|skat\w*|rink|slippery)\b",
        r"\b(?:shot|gun\w*|sniper|bullets?|dead|die|dying|faint\w*|collaps\w*|smoke|gas|fire)\b",
    ),
    (
        "people in danger",
        r".",
        r"\bcar\s+wash\b",
        r"\b(?:flood\w*|sink\w*|river|sea|trapped|scream\w*|drown\w*|fire|flames|smoke|trunk|boot|kidnap\w*|tied|lock\w*)\b",
    ),
    (
        "drinking",
        r"^drunk$",
        r"\b(?:lemonade|juice|milk|water|tea|cocoa|soda|smoothies?|cider|coffee)\s+(?:\w+\s+)?(?:was|were|is|are|had\s+been|"
        r"has\s+been|been)\s+(?:all\s+)?drunk\b",
        None,
    ),
    (
        "drinking",
        r"alcohol",
        r"\b(?:hospital|clinic|nurse|doctor|disinfect\w*|antiseptic)\b",
        r"\b(?:drunk\w*|stagger\w*|slurr\w*|bottles?|soju|beer|wine|breath|reeks?)\b",
    ),
    (
        "drinking",
        r"stagger",
        r"\b(?:baby|toddler|first\s+steps|milk|formula)\b",
        r"\b(?:soju|beer|wine|whisk(?:e)?y|liquor|vodka|makgeolli|dad|father|uncle|man|mom|mother)\b",
    ),
    (
        "drugs",
        r"^snort",
        r"\b(?:horse|pony|pig|piglet|bull|cow|donkey|goat|dog|puppy|boar)\b",
        r"\b(?:powder|lines?|cocaine|pills|crushed|straw|note|bill)\b",
    ),
    (
        "drugs",
        r"^lines?\s+of",
        r"\b(?:field|track|pitch|court|sports\s+day|chalk|lime)\b",
        r"\b(?:straw|nose|sniff\w*|snort\w*|table|mirror|bank\s*note|bill|card)\b",
    ),
    ("drugs", r"^ecstasy$", r"\b(?:pure|sheer)\s+ecstasy\b", r"\b(?:pills?|tablets?|party|club|dance\s+floor|rave)\b"),
    (
        "drugs",
        r"^roll",
        r"\b(?:telescope|tube|spyglass|trumpet|megaphone|cone)\b",
        r"\b(?:light\w*|lit|smok\w*|puff\w*|lick\w*|lighter|match)\b",
    ),
    (
        "drugs",
        r"^(?:syringes?|needles?)",
        r"\b(?:nurse|doctor|clinic|hospital|blood\s+test|check-?up|vaccin\w*|injection)\b",
        r"\b(?:alley|stairwell|toilet\s+stall|slumped|gutter|spoon|foil|tied\s+off|himself|herself|themselves)\b",
    ),
    (
        "drugs",
        r"^rolled",
        r"\b(?:new\s+year|pocket\s+money|allowance|sebae|bows?|envelope|birthday)\b",
        r"\b(?:powder|lines?|snort\w*|sniff\w*|nose|table|mirror)\b",
    ),
    (
        "drugs",
        r"foil",
        r"\b(?:potato\w*|corn|campfire|barbecue|bbq|oven|grill|baked|roast\w*|fish|marshmallows?)\b",
        r"\b(?:powder|pipe|straw|inhal\w*|needles?|syringes?|lighter)\b",
    ),
    (
        "someone about to fall",
        r".",
        r"\bbehind\s+(?:a|the)\s+(?:\w+\s+)?(?:fence|railing|barrier|rail)\b",
        r"\b(?:night|alone|dark|goodbye|letter|note|shoes|climb\w*|over)\b",
    ),
    (
        "someone about to fall",
        r".",
        r"\b(?:low|small|little)\s+(?:barrier|fence|railing|rail)\b|\b(?:edge|side)\s+of\s+the\s+(?:swimming\s+)?pool\b|\bdiving\s+board\b",
        r"\b(?:night|alone|dark|goodbye|letter|note|shoes|roof|rooftop|bridge|balcony|ledge|tower|cliff|building|river|sea|drop)\b",
    ),
    (
        "someone hurting themselves",
        r"^lines",
        r"\b(?:glitter|paint\w*|henna|face[-\s]paint\w*|marker|stickers?|draw\w*)\b",
        r"\b(?:razor|blade|knife|blood|scar\w*|bleed\w*)\b",
    ),
    (
        "someone hurting themselves",
        r"^(?:cord|rope|scarf|belt)\b",
        r"\b(?:paper\s+(?:stars?|lanterns?|chains?)|decorat\w*|lanterns?|garlands?|bunting|fairy\s+lights|mobile|streamers|balloons?)\b",
        r"\b(?:neck|noose|loop|kick\w*|alone|goodbye|dark)\b",
    ),
    (
        "someone hurting themselves",
        r"^hook",
        r"\b(?:coat\s+hooks?|boots|backpack|jacket|neat\s+loop|by\s+the\s+(?:front\s+)?door)\b",
        r"\b(?:neck|noose|chair|stool|beam|rafter|ceiling|kick\w*|alone|goodbye|tied|knot\w*)\b",
    ),
    (
        "someone hurting themselves",
        r"^(?:beam|rafter|ceiling|noose|rope|scarf|belt|cord)",
        r"\b(?:gym|climbing\s+rope|PE|circus)\b",
        r"\b(?:neck|noose|alone|night|goodbye|stool|chair|kick\w*)\b",
    ),
    (
        "grown-up bodies",
        r"arous",
        r"\b(?:curiosity|interest|suspicion|attention)\b",
        r"\b(?:undress\w*|naked|body|bodies|girl|boy|child|woman|bed|touch\w*)\b",
    ),
    (
        "grown-up bodies",
        r"see-through",
        r"\b(?:box|lid|jar|container|tank|case|umbrella|raincoat|bug|beetle|insects?)\b",
        r"\b(?:woman|women|man|men|lady|girlfriend|body|wears?|wearing|bed|lingerie)\b",
    ),
    (
        "grown-up bodies",
        r"half-dressed",
        r"\b(?:school|socks?|rush\w*|racing|late|backpack|bag)\b",
        r"\b(?:woman|women|man|men|lady|girlfriend|boyfriend|bed|kiss\w*|lingerie|teacher|coach|uncle|stranger|neighbou?r|adult|"
        r"grown-up)\b",
    ),
    (
        "grown-up bodies",
        r"without",
        r"\b(?:dolls?|teddy|toys?|snowm[ae]n|mannequins?)\b",
        r"\b(?:man|men|woman|women|lady|girl|boy|child|couple|bed)\b",
    ),
)
