"""Signs of what a body takes or shows in a written scene, whatever the words (engine/scene_signs.py reads
them): smoke, drink, drugs, tablets by the handful, harm to oneself, grown-up bodies. Each is (what it
shows, in words the prompt writer can be told to leave out; the pattern of one sentence)."""

from __future__ import annotations

BODY: tuple[tuple[str, str], ...] = (
    (
        "smoking",
        r"\b(?:(?:he|she|they|man|men|woman|women|dad|daddy|father|mum|mom|mother|uncle|aunt|grandpa|grandma|"
        r"grandfather|grandmother|boy|girl|kid|teen\w*|boys|girls|students|kids|children|friends?|neighbou?r|"
        r"stranger|someone|people|brother|sister|cousin)\s+(?:(?!(?:smell|smells|smelled|smelt|see|sees|saw|watch|watches|watched|"
        r"notice|notices|noticed|spot|spots|spotted)\b)\w+\s+){0,2}?smok(?:e|es|ed|ing)|smok(?:es|ed|ing)\s+"
        r"(?:a|an|the|his|her|their|some)\s+(?:\w+\s+)?(?:pipe|cig\w*|cigars?|joint|vape|tobacco|weed|roll-?ups?)|"
        r"puff\w*\s+(?:on|at)\s+(?:a|the|his|her|their)\s+(?!bubble\s)(?:\w+\s+)?(?:pipe|cig\w*|cigars?|joint|vape|"
        r"e-cig\w*)|vap(?:e|es|ed|ing)|e-cigarettes?|ashtrays?|cigs?|hookah|shisha|(?:a|the|his|her|their)\s+"
        r"(?:glass\s+|water\s+)?bong(?![-']))\b(?!\s+(?:the\s+|some\s+|a\s+|his\s+|her\s+)?(?:\w+\s+)?(?:meat|fish|"
        r"salmon|ribs|sausages?|brisket|bacon|ham|cheese|turkey|chicken|pork|beef|eel|mackerel|duck|eggs?|tofu|"
        r"paprika|salt|nuts|oysters|mussels|trout|herring|bombs?|signals?|machines?|detectors?|alarms?|"
        r"rings?\s+of\s+steam))",
    ),
    (
        "smoking",
        r"\b(?:device|pen|(?<!candy\s)(?<!lollipop\s)(?<!glue\s)stick|thing)\s+to\s+(?:her|his|their)\s+lips\b[^.]{0,60}\b(?:cloud|fog|smoke|vapou?r)\b|"
        r"\b(?:blows?|blowing|exhal\w*|puff\w*)\s+(?:[\w'-]+\s+){0,3}?(?<!bubble\s)(?:clouds?|rings?|haze|vapou?r)\s+(?:[\w'-]+\s+){0,3}?"
        r"from\s+(?:[\w'-]+\s+){0,3}?(?<!bubble\s)(?:sticks?|pens?|devices?|vapes?)\b",
    ),
    (
        "drinking",
        r"(?<!has\s)(?<!have\s)(?<!had\s)(?<!just\s)(?<!already\s)(?<!half-)(?<!half\s)\b(?:drunk(?:en|enly)?|tipsy|hungover|"
        r"intoxicated)\b|\b(?:has|have|had)\s+(?:\w+\s+)?drunk\b[^.]{0,40}\b(?:soju|beer|beers|wine|whisky|whiskey|"
        r"vodka|liquor|alcohol|makgeolli|bottles)\b",
    ),
    (
        "drinking",
        r"\b(?:downs?|downing|chugs?|chugging|gulps?|gulping|swigs?|swigging|drinks?|drinking|drank|sips?|"
        r"sipping|pours?|pouring)\b[^.]{0,40}\b(?:soju|(?<!root\s)(?<!ginger\s)beers?|wine|whisky|whiskey|vodka|"
        r"liquor|alcohol|makgeolli|tequila|rum|gin|shots\s+of\s+\w+|booze)\b[^.]{0,60}\b(?:glass\s+after\s+glass|bottle\s+after\s+bottle|"
        r"one\s+after\s+another|until|stumbl\w*|slurr\w*|collaps\w*|vomit\w*|passes\s+out|passed\s+out|head\s+drops|"
        r"sways|swaying|falls?\s+over|red-faced)\b",
    ),
    (
        "drinking",
        r"\b(?:teen\w*|kids|children|boys|girls|students|schoolboys|schoolgirls|middle\s+schoolers|classmates)\b"
        r"[^.]{0,40}\b(?:drink\w*|drank|sip\w*|swig\w*|pass\w*\s+around|shar\w*)\b[^.]{0,30}\b(?:soju|(?<!root\s)(?<!ginger\s)beers?|"
        r"wine(?![\s-]+glass)|whisky|whiskey|vodka|liquor|alcohol|makgeolli|booze)\b",
    ),
    (
        "drinking",
        r"\b(?:slurr(?:ed|ing|ingly)|(?:reeks?|smell\w*)\s+of\s+(?:alcohol(?!\s+(?:swabs?|wipes?|gel|rub|pads?|"
        r"spray))|soju|(?<!root\s)(?<!ginger\s)beer|booze|liquor)|empty\s+(?:soju|beer|wine|whisky|liquor)\s+bottles|passed\s+out\s+(?:\w+\s+){0,3}?(?:bottles|"
        r"beer|soju|wine))\b",
    ),
    (
        "drinking",
        r"\bstagger\w*\b[^.]{0,60}\b(?:soju|beer|wine|whisk(?:e)?y|liquor|vodka|makgeolli|green|brown|empty)\s+"
        r"bottles?\b|\b(?:soju|beer|wine|whisk(?:e)?y|liquor|vodka|makgeolli|green|brown|empty)\s+bottles?\b"
        r"[^.]{0,60}\bstagger\w*|\b(?:teen\w*|kids|children|boys|"
        r"girls|students|schoolboys|schoolgirls|middle\s+schoolers|classmates)\b[^.]{0,40}\b(?:gulp\w*|down\w*|"
        r"chug\w*|pour\w*)\s+(?:\w+\s+){0,2}?(?:soju|beer|beers|wine|whisky|whiskey|vodka|liquor|alcohol|makgeolli)\b",
    ),
    (
        "drinking",
        r"\b(?:words?|speech|voice)\s+slurs?\b|\bslurs?\s+(?:his|her|their)\s+words\b|\bgreen\s+bottles\s+(?:pile|"
        r"piled|piling|stack\w*)\b(?![^.]{0,200}\b(?:recycl\w*|bins?|crates?)\b)",
    ),
    (
        "drugs",
        r"\bsnort\w*\s+(?:\w+\s+){0,2}?(?:powder|lines?|cocaine|coke|pills|something|crushed|it|them)\b|\blines?\s+of\s+(?:white\s+)?(?:powder|crushed\s+pills)\b|"
        r"\b(?:bags?|baggies?)\s+of\s+(?:white\s+)?powder\b|\bhigh\s+on\s+(?:drugs|pills|glue|"
        r"something)\b|\b(?:meth|ecstasy|ketamine|opium|narcotics?|junkie|overdos\w*)\b|\b(?:take|takes|taking|took|"
        r"doing|does|on|sell\w*|buy\w*|deal\w*)\s+drugs\b|\bdrug\s+(?:dealers?|addicts?|deals?|users?|dens?)\b|"
        r"\bcrack\s+(?:pipe|cocaine)\b|\b(?:sniff\w*|huff\w*|breath\w*\s+in)\s+(?:\w+\s+){0,2}?(?:glue|fumes|gas|"
        r"paint\s+thinner)\b(?!\s+sticks?)",
    ),
    (
        "drugs",
        r"\b(?:rolls?|rolling|rolled)\s+(?:\w+\s+){0,3}?(?:(?<!rice\s)paper|joint)\b[^.]{0,40}\b(?:dried\s+"
        r"(?:leaves|herbs?)|weed|grass|tobacco)\b",
    ),
    (
        "drugs",
        r"\b(?:syringes?|(?<!pine\s)(?<!fir\s)(?<!knitting\s)(?<!sewing\s)needles?)\b[^.]{0,50}\b(?:alley|stairwell|vein|veins|tied\s+(?:off|around)|spoon|"
        r"slumped|gutter|toilet\s+stall)\b",
    ),
    (
        "drugs",
        r"(?<!chalk\s)(?<!baking\s)(?<!talcum\s)(?<!cocoa\s)(?<!chocolate\s)\bpowder\b[^.]{0,40}\blines\b|"
        r"\brolled(?:-up)?\s+(?:bank\s*note|banknote|bill|(?:dollar|won|money)\s+note)\b|\bglass\s+pipe\b|"
        r"\bburnt\s+foil\b|\bhand-rolled\s+(?:cigarettes?|smokes?|joints?|tobacco)\b|\bhand-rolled\b(?=[^.]{0,200}\b"
        r"(?:smok\w*|lights?\s+it|lit|puff\w*|ash)\b)|\b(?:(?<!pine\s)(?<!fir\s)(?<!knitting\s)(?<!sewing\s)needles?|"
        r"syringes?)\b[^.]{0,40}\bfoil\b",
    ),
    (
        "tablets taken",
        r"\b(?:handfuls?|fistfuls?|all|every|dozens|whole\s+(?:bottle|packet|box|strip))\s+(?:of\s+)?(?:the\s+|his\s+|"
        r"her\s+|their\s+)?(?:[\w'-]+\s+){0,2}?(?:pills|tablets|capsules)\b[^.]{0,60}\b(?:swallow\w*|gulp\w*|cram\w*|"
        r"into\s+(?:his|her|their)\s+mouth|(?:tak\w*|took|eat\w*|ate)\s+(?:them\s+)?(?:all\s+)?(?:at\s+once|in\s+one\s+"
        r"go|together|one\s+after\s+another))\b|\b(?:swallow\w*|gulp\w*)\s+(?:\w+\s+){0,2}?(?:handfuls?|"
        r"fistfuls?|all|every|dozens|a\s+whole\s+\w+)\s+(?:of\s+)?(?:the\s+|his\s+|her\s+|their\s+)?(?:[\w'-]+\s+){0,2}?"
        r"(?:pills|tablets|capsules)\b|\bcrush\w*\s+(?:\w+\s+){0,2}?(?:pills|tablets)\b",
    ),
    (
        "someone about to fall",
        r"\b(?:climb\w*|step\w*|stand\w*|stood|balanc\w*)\s+(?:\w+\s+){0,2}?(?:over|"
        r"onto|on|up\s+onto|outside)\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:railing|parapet|ledge|barrier|fence|rail|"
        r"edge)\s+(?:\w+\s+){0,2}?(?:of|on|above|at)\s+(?:the\s+|a\s+|an\s+|her\s+|his\s+)?(?:[\w-]+\s+){0,4}?"
        r"(?:roof|rooftop|bridge|building|cliff|tower|balcony|apartment|overpass)\b",
    ),
    (
        "someone about to fall",
        r"\b(?:climb\w*|step\w*)\s+(?:\w+\s+)?(?:over|outside)\s+(?:the\s+)?(?:\w+\s+)?(?:railing|parapet|balcony\s+rail|"
        r"bridge\s+(?:rail|railing|fence)|barrier)\b|\b(?:legs|feet)\s+dangling\s+(?:\w+\s+){0,4}?(?:far\s+)?"
        r"(?:above|over)\s+(?:the\s+)?(?:\w+\s+)?(?:street|river|water|road|cars|city|ground|parking\s+lot)\b",
    ),
    (
        "someone about to fall",
        r"\b(?:jump(?:s|ed|ing)?|leap(?:s|ed|ing)?|plung\w*)\s+(?:\w+\s+){0,2}?(?:from|off)\s+(?:the\s+|a\s+)?"
        r"(?:[\w-]+\s+){0,2}?(?:roof|rooftop|bridge|building|balcony|tower)\b(?!\s+(?:\w+\s+){0,2}?(?:into\s+the\s+"
        r"(?:\w+\s+)?(?:pool|water|snow|sea|river|lake|stream|pond|creek|brook|sand|leaves|hay)|onto\s+(?:the\s+)?"
        r"(?:\w+\s+)?(?:mattress|trampoline|cushion|sofa|bed|grass|sand|mats?|wall|fence|slide|net|ball\s+pit|foam\s+pit))(?![^.]{0,200}\b(?:night|dark|"
        r"midnight|alone|never)\b))",
    ),
    (
        "someone about to fall",
        r"\bstand\w*\s+on\s+the\s+outside\s+of\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:railing|ledge|balcony|bridge|window|"
        r"barrier|parapet|fence|building|roof)\b|\b(?:man|woman|boy|girl|body|figure|person|he|she)\s+hang(?:s|ing)\s+"
        r"(?:still\s+|limp\s+)?from\s+(?:a|the)\s+(?:rope(?!\s+(?:swing|ladder|bridge))|beam|ceiling|rafter|scarf|belt|cord|noose)\b",
    ),
    (
        "someone hurting themselves",
        r"\b(?:razor|blade(?!\s+of\s+grass)|knife|shard|broken\s+glass)\b[^.]{0,40}\b(?:own\s+)?(?:wrist|wrists|forearm|"
        r"forearms|(?<!chicken\s)(?<!duck\s)thighs?)\b|\b(?:wrists?|forearms?|(?<!chicken\s)thighs?)\b[^.]{0,30}\b"
        r"(?:razor|blade(?!\s+of\s+grass)|cuts\b(?!\s+(?:the|a|an|some|out|up|open|into|through)\b)|(?:red|thin|fresh|neat|deep|shallow)\s+lines|slashes)\b",
    ),
    (
        "someone hurting themselves",
        r"\b(?:noose|(?<!jump\s)(?<!skipping\s)rope|scarf|belt|cord)\b[^.]{0,50}\b(?:beam|rafter|ceiling\s+fan|"
        r"ceiling)\b[^.]{0,50}\b(?:stool|chair|hang\w*|loop)\b|\b(?:overturned|kicked-over|tipped-over|toppled)\s+"
        r"(?:chair|stool)\b[^.]{0,60}\b(?:noose|rope|cord|belt|scarf)\b|\b(?:man|woman|boy|girl|body|figure|person|"
        r"he|she)\s+hangs?\s+(?:still|limp)\s+from\b|\bfeet\s+(?:in\s+\w+\s+)?dangl\w*\s+(?:just\s+)?above\s+(?:the|a)\s+"
        r"(?:\w+\s+)?(?:chair|stool|floor)\b(?=[^.]{0,200}\b(?:rope|noose|beam|rafter|belt|cord)\b)",
    ),
    (
        "someone hurting themselves",
        r"\b(?:walks?|walking|wades?|wading)\s+(?:slowly\s+)?(?:\w+\s+)?into\s+the\s+(?:\w+\s+)?(?:sea|river|lake|"
        r"waves)\b[^.]{0,60}\b(?:night|dark|coat|clothes|pockets|alone|never)\b",
    ),
    (
        "grown-up bodies",
        r"\b(?:topless|bare-breasted|negligee|stripper|strippers|striptease|strip\s+club|pole\s+danc\w*|"
        r"lap\s+danc\w*|seductiv\w*|sensual\w*|provocativ\w*|lustful|arous\w*|kinky|fetish\w*|orgy|"
        r"see-through\s+(?:slip|nightgown|nightie|lingerie|top|dress|robe|shirt))\b",
    ),
    (
        "grown-up bodies",
        r"\b(?:slips?|slipped|slipping|slides?|takes?|took|taking|pulls?|pulled|peels?|peeled|peeling|strips?|"
        r"stripped|sheds?|unbutton\w*|unzip\w*|lets?)\s+(?:\w+\s+){0,2}?(?:off|out\s+of)\s+(?:all\s+(?:of\s+)?|the\s+last\s+"
        r"of\s+|every\s+(?:piece\s+of\s+)?)(?:her|his|their)\s+(?:clothes|clothing|dress|underwear)\b",
    ),
    (
        "grown-up bodies",
        r"\b(?:woman|women|man|men|lady|girlfriend|boyfriend|couple(?!\s+of\b)|lovers?|wife|husband)\b[^.]{0,60}\b(?:in\s+"
        r"(?:only\s+)?(?:her|his|their)\s+(?:underwear|bra|panties|briefs|boxers)|slips?\s+(?:off|out\s+of)\s+"
        r"(?:her|his)\s+(?:dress|shirt|bra|robe|slip|nightgown)(?!\s+(?:shoes|boots|sandals|coat|code))|unbutton\w*\s+(?:her|his)\s+(?:shirt|blouse|dress)|"
        r"(?:bra|underwear)\s+(?:is\s+)?(?:already\s+)?(?:gone|off))\b",
    ),
    (
        "grown-up bodies",
        r"\b(?:couple(?!\s+of\b)|lovers|boyfriend|girlfriend|husband|wife|man\s+and\s+(?:a\s+)?woman)\b[^.]{0,60}\b(?:kiss\w*|"
        r"caress\w*|tangled|entwined|on\s+top\s+of)\b[^.]{0,60}\b(?:bed|sheets|covers|sofa|couch|back\s+seat)\b",
    ),
    (
        "grown-up bodies",
        r"\b(?:with\s+nothing\s+(?:at\s+all\s+)?(?:on|underneath|beneath)|wearing\s+nothing|in\s+nothing\s+but|"
        r"nothing\s+covers\s+(?:her|him|them)|thongs?|g-strings?|garters?(?!\s+snakes?)|half-dressed|half-naked|"
        r"(?:hands?|fingers|touch\w*|reach\w*|kiss\w*|camera)\s+(?:\w+\s+){0,2}?between\s+(?:her|his)\s+(?:legs|thighs)|under\s+her\s+skirt|unzips?\s+(?:his|her)\s+(?:trousers|pants|jeans|fly)|drops?\s+her\s+"
        r"(?:dress|robe|towel)|bare\s+(?:body|bodies))\b",
    ),
    (
        "grown-up bodies",
        r"\b(?:women|woman|men|man|lady|ladies|dancers?)\b[^.]{0,40}\bin\s+(?:only\s+)?(?:bras|panties|thongs|"
        r"lingerie|underwear|briefs)\b",
    ),
    (
        "drugs",
        r"\bsquares?\s+of\s+(?:printed\s+)?paper\s+(?:on|under)\s+(?:their|his|her)\s+tongues?\b|\b(?:huge|giant|enormous|"
        r"wide)\s+black\s+pupils\b",
    ),
    (
        "drinking",
        r"\b(?:bubbly(?!\s+(?:\w+\s+)?(?:juice|water|soda|drink|lemonade|cider|milk|tea))|champagne|wine|beer|soju|makgeolli|liquor|"
        r"whisky|vodka)\b[^.]{0,60}\buntil\b[^.]{0,40}\b(?:wobbl\w*|"
        r"stagger\w*|falls?\s+over|fell\s+over|tipsy|dizzy|sick)\b",
    ),
    (
        "someone about to fall",
        r"\b(?:planning|about|ready|going|wants?)\s+to\s+jump\b(?=[^.]{0,200}\b(?:roof|bridge|ledge|window|edge|balcony|tracks|"
        r"cliff|railing)\b)|\b(?:roof|bridge|ledge|edge|balcony|tracks|cliff|railing)\b[^.]{0,200}\b(?:planning|about|ready|"
        r"going|wants?)\s+to\s+jump\b",
    ),
    (
        "someone hurting themselves",
        r"\b(?:lines|cuts|slashes)\s+(?:\w+\s+){0,2}?(?:across|on|along|down)\s+(?:her|his|their)\s+(?:wrists?|"
        r"forearms?|thighs?)\b",
    ),
    (
        "grown-up bodies",
        r"\b(?:mak(?:es|ing)|made)\s+love\b(?![-\s]+(?:letters?|notes?|hearts?|cards?|songs?|poems?))|\bwithout\s+(?:any\s+|their\s+|her\s+|his\s+)?clothes\b",
    ),
    (
        "drinking",
        r"\bwasted\s+on\s+(?:beer|soju|wine|whisky|whiskey|vodka|liquor|booze|makgeolli)\b",
    ),
    (
        "someone about to fall",
        r"\bclimb\w*\s+(?:up\s+)?(?:onto\s+|over\s+)?the\s+(?:\w+\s+)?(?:bridge|roof|rooftop|balcony)\s+(?:railing|rail|"
        r"parapet|fence|ledge)\b|\bjump\w*\s+(?:\w+\s+)?(?:from|out\s+of)\s+(?:the|a|her|his)\s+(?:[\w-]+-floor|high|"
        r"top-floor|upstairs|apartment|bedroom)\s+window\b",
    ),
    (
        "drinking",
        r"\b(?:beer|soju|wine|whisky|whiskey|liquor|alcohol|makgeolli|vodka)\b[^.]{0,60}\b(?:toddler|baby|child|son|"
        r"daughter|kid|boy|girl)(?:'s)?\s+(?:lips|mouth)\b",
    ),
    (
        "someone hurting themselves",
        r"\b(?:beam|rafter|ceiling|hook)\b[^.]{0,50}\b(?:rope|cord|scarf|belt)\b[^.]{0,50}\b(?:loop|noose)\b",
    ),
    (
        "someone about to fall",
        r"\b(?:ledge|railing|parapet|rooftop|roof|bridge)\b[^.]{0,100}\blets?\s+go\b",
    ),
)
