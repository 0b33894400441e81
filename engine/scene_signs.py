"""Scenes unsafe for what is done, not for a word: a weapon held to someone, a child led to a stranger's car,
tablets swallowed by the handful, fuel poured by a door. Each sign names what it found in words the prompt
writer can be told to leave out; `unsafe_act` reads one sentence, `unsafe_together` the whole scene for
things that are only unsafe side by side (a note left at a roof's edge)."""

from __future__ import annotations

import re

from engine.scene_body import BODY
from engine.scene_danger import DANGER
from engine.scene_excuses import EXCUSES
from engine.scene_hurt import HURT

# The one who leads is the family (or a teacher, coach or lifeguard with a group), named just before the verb:
# "Mum's new boyfriend drags" and "tells her her mother sent him and leads her" are not.
_FAMILY_FIRST = re.compile(
    r"\b(?:dad|daddy|mum|mom|mummy|mommy|mother|father|parents|grandma|grandpa|grandmother|grandfather|granny|"
    r"aunt|auntie|uncle|cousin|big\s+(?:brother|sister)|older\s+(?:brother|sister)|teacher|coach|lifeguard|"
    r"firefighter|fireman|paramedic)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_RANSOM = re.compile(r"ransom|demand", re.IGNORECASE)
_FORCED = re.compile(
    r"\b(?:drag\w*|bundl\w*|shov\w*|forc\w*|throw\w*|threw|snatch\w*|lur\w*)\b|\b(?:crying|"
    r"screaming|struggling|kicking|sobbing)\b",
    re.IGNORECASE,
)
_ANIMAL_BEFORE = re.compile(
    r"\b(?:bird|birds|sparrow|pigeon|magpie|crow|gull|seagull|cat|cats|kitten|squirrel|frog|toad|monkey|butterfly|"
    r"dragonfly|owl|duck|crab|turtle|snail|mouse|lizard|worm|beetle|bug|ant|spider|hamster|rabbit|snake|cicada|"
    r"moth|fly|mosquito|ladybug|ladybird|leaves|leaf|petals|flowers|cans?|paper)\s+(?:is\s+|are\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# (sign, what the match shows, what in the sentence makes it ordinary, what would make it unsafe again)
_ORDINARY_WHEN: tuple[tuple[str, str, str, str | None], ...] = (
    (
        "someone being hit",
        r"^(?:beat|whip|lash|smack|strik|struck|slap|hit)",
        r"\b(?:sun|sunshine|wind|rain|snow|hail|waves?|water|spray|ball|shuttlecock|wings?|heart|pulse|breeze|gusts?|sleet|"
        r"snowflakes?|raindrops?|branches|sunlight|air|snowballs?|pillows?|one|it|shuttle|frisbee|puck|"
        r"baby|toddler)\s+(?:\w+\s+)?"
        r"(?:beat|whip|lash|smack|strik|struck|slap|hit)",
        None,
    ),
    ("someone being hit", r"head$", r"\bhead\s+(?:around|round|back|up|away)\b", None),
    ("someone being hit", r"hand-?print", r"\bpaint\w*", None),
    (
        "someone being hurt",
        r"^(?:fling|flung|hurl|throw|threw|thrown|shov|push|slam|kick|knock)",
        r"\b(?:ssireum|judo|wrestl\w*|taekwondo|hapkido|aikido|laundry\s+basket|basket|wagon|sled|sledge|cart|stroller|"
        r"pram|blanket)\b",
        r"\b(?:crying|cries|sobb\w*|scream\w*|bleed\w*|hurt\w*|angry|rage)\b",
    ),
    ("someone being hurt", r"by\s+the\s+ears?$", r"\b(?:baby|toddler|puppy|kitten)\b", None),
    (
        "someone about to fall",
        r".",
        r"\b(?:gym|jungle\s+gym|monkey\s+bars|climbing\s+(?:frame|rope|wall)|playground|PE|"
        r"class|circus|trapeze|bars|bouncy\s+castle|inflatable)\b",
        r"\b(?:night|alone|dark|roof|rooftop|bridge)\b",
    ),
    (
        "someone about to fall",
        r"^(?:legs|feet)",
        r"^(?!.*\b(?:roof|rooftop|ledge|parapet|railing|balcony|bridge|"
        r"windowsill|window\s+sill)\b)",
        None,
    ),
    (
        "someone hurting themselves",
        r"^(?:walks?|walking|wades?|wading)",
        r"\b(?:collect\w*|fish\w*|plankton|"
        r"festival|swim\w*|paddl\w*|splash\w*|snorkel\w*|laugh\w*|fetch\w*|grab\w*|ball|sandals?|shoes?)\b",
        r"\b(?:pockets?|stones\s+in|never|goodbye)\b",
    ),
    (
        "a child taken away",
        r"^(?:stranger|man|woman|someone|figure|driver)",
        r"\b(?:school\s+bus|bus|police|information\s+desk|lost\s+and\s+found|security\s+guard)\b",
        r"\b(?:van|back\s+room|alone|secret|past|out\s+through|back\s+exit|(?:into|to|toward|towards)\s+(?:his|her|"
        r"the)\s+(?:\w+\s+)?(?:car|van|house|apartment|flat))\b",
    ),
    (
        "a weapon aimed at someone",
        r"\b(?:cane|stick|walking\s+stick|umbrella|paddle|bat)\b",
        r"\b(?:wav\w*|beckon\w*|greet\w*|call\w*\s+(?:him|her|them)\s+over|point\w*\s+(?:the\s+)?way)\b",
        r"\b(?:hit\w*|strik\w*|beat\w*|threat\w*|angry|crying|scream\w*|bruis\w*)\b",
    ),
    (
        "tablets taken",
        r"^(?:swallow|gulp|all\b|every\b)",
        r"\b(?:grandpa|grandma|granny|grandfather|grandmother)\b",
        r"\b(?:handfuls?|dozens|whole\s+(?:bottle|packet|box)|at\s+once|one\s+after\s+another|goodbye|letter|alone)\b",
    ),
    ("grown-up bodies", r"unbutton", r"\b(?:doctor|nurse|stethoscope|clinic|check-?up|x-?ray)\b", None),
    ("grown-up bodies", r"^drops?\s+her", r"\b(?:swim\w*|beach|sand|pool)\b", None),
    (
        "grown-up bodies",
        r"nothing\s+but",
        r"\b(?:snowm[ae]n|teddy|doll|scarecrow)\b|\bnothing\s+but\s+(?:his|her|their|a)\s+(?:\w+\s+)?(?:pyjamas|pajamas|onesie|"
        r"slippers|raincoat)\b",
        None,
    ),
    ("drinking", r"^green\s+bottles", r"\brecycl\w*", None),
    (
        "drugs",
        r"pupils$",
        r"\b(?:cat|cats|kitten|owl|puppy|dog|seal|otter|deer|hamster|rabbit|bunny|lamb|calf|fox|doll|teddy|toy)\b",
        None,
    ),
    ("drugs", r"^sell", r"\b(?:pharmac\w*|prescription)\b", None),
    ("a child locked in", r"by\s+the\s+ankles?$", r"\b(?:three-legged|race|relay)\b", None),
    (
        "a child taken away",
        r"^(?:not\s+to\s+tell|tells?|don't)",
        r"\b(?:surprise|birthday|party|cake|hide[-\s]and[-\s]seek|game)\b",
        r"\b(?:touch\w*|photos?|pictures?|alone|hurt\w*|bruis\w*|car|room|flat|meetings?)\b",
    ),
    (
        "a child taken away",
        r"watch\w*\s",
        r"\b(?:play\w*|swim\w*|fly\w*|kites?|fountain|lifeguard|smil\w*|"
        r"cheer\w*|clap\w*|games?|match|race|sun\s+hat)\b",
        r"\b(?:binoculars|notebook|camera|photos?|tinted|van|car|"
        r"every\s+day|day\s+after\s+day|alone|hid\w*|behind|shadows|names|without)\b",
    ),
    (
        "a bad injury",
        r"open$",
        r"\b(?:pillow|cushion|bag|sack|teddy|bear|doll|toy|box|parcel|melon|watermelon|pod|"
        r"fish)(?:'s)?\s+(?:\w+\s+)?(?:belly|stomach|chest|arm|shoulder|leg|side)",
        None,
    ),
    ("a bad injury", r"^bone", r"\b(?:fish|mackerel|chicken|rib|meat)\b", None),
    (
        "a bad injury",
        r"red|crimson",
        r"\b(?:kimchi|sauce|paint\w*|juice|jam|ketchup|ink|sunset|sunrise|sky|clouds?|"
        r"leaves|maple|lipstick|marker|crayon|berr\w*|strawberr\w*|watermelon|tteokbokki|chill?i|pepper)\b",
        r"\b(?:body|still|lifeless|motionless|wound\w*|knife|blade|gun|crash\w*|head|helmet)\b",
    ),
    (
        "a bad injury",
        r"^(?:lies|lay|lying)\s+(?:\w+\s+)?(?:motionless|still)",
        r"\b(?:pretend\w*|sleep\w*|asleep|nap\w*|snooz\w*|statue|yoga|rest\s+pose|meditat\w*)\b",
        None,
    ),
    (
        "a bad injury",
        r"face\s*-?down",
        r"\b(?:snorkel\w*|mask|goggles|mud\s+festival|fish|coral|swimming\s+(?:class|lesson)|starfish|kickboard)\b",
        None,
    ),
    (
        "a bad injury",
        r"^until",
        r"\b(?:top|tops|spinner|swing|wheel|music\s+box|toy|ball|train|fan|clock|windmill|"
        r"pendulum|yo-yo|marble)\b",
        None,
    ),
    (
        "a bad injury",
        r"off$",
        r"\b(?:crab|lobster|chicken|turkey|duck|shrimp|prawn|octopus|squid|doll|lego|robot|toy|paper\s+(?:plane|airplane|aeroplane|"
        r"bird|crane)|kite|model\s+plane)\b",
        None,
    ),
    (
        "a bad injury",
        r"^bodies",
        r"\b(?:jellyfish|fish|balloons?|snowm[ae]n|planets?|stars|heavenly|dolls|toys)\b",
        None,
    ),
    ("a bad injury", r"^(?:head|heads)", r"\b(?:snowm[ae]n|doll|teddy|toy|robot|dandelion|sunflower|lego)\b", None),
    ("a bad injury", r"^spatter", r"\b(?:paint\w*|art|canvas|ink|crayon)\b", None),
    (
        "a fire set on purpose",
        r"fire|alight|ablaze",
        r"\b(?:colou?rs?|sunset|sunrise|setting\s+sun|maple|autumn|leaves|"
        r"sky|clouds|horizon|spicy|pepper|chill?i|hot\s+sauce|(?:tongue|mouth)\s+on\s+fire)\b",
        r"\b(?:petrol|gasoline|fuel|lighter|match|matches|"
        r"house|home|door|tent|car|shelter|cat|dog|kitten|puppy|man|woman|boy|girl|school|building|shop|barn|curtains?)\b",
    ),
    ("poison", r"skull", r"\b(?:pirate\w*|toy|flag|costume|halloween|treasure|game|play\w*)\b", None),
    (
        "something sharp hidden",
        r"^(?:pins|nails)",
        r"\b(?:decorat\w*|badges?|charms|shiny|hammer\w*|rack|build\w*|"
        r"craft\w*)\b",
        None,
    ),
    (
        "something frightening",
        r"crawl",
        r"\b(?:frog|toad|crab|turtle|snail|mouse|kitten|puppy|cat|lizard|worm|beetle|bug|"
        r"ant|spider|duckling|hamster|rabbit|snake)\b",
        None,
    ),
    ("something frightening", r"no\s+eyes", r"\b(?:snowm[ae]n|doll|pumpkin|drawing|mask|yet)\b", None),
    (
        "something frightening",
        r"eyes",
        r"\b(?:cat|cats|kitten|puppy|dog|owl|fox|raccoon|hamster|toy|torch|flashlight)\b",
        None,
    ),
    (
        "something frightening",
        r"foot\s+of",
        r"\b(?:cat|kitten|puppy|dog|teddy|pet|purr\w*|wag\w*|sleeps|curled)\b",
        None,
    ),
    (
        "people in danger",
        r"one\s+by\s+one",
        r"\b(?:dominoes|leaves|petals|blocks|pins|cards|snowflakes|raindrops|"
        r"bowling)\b",
        None,
    ),
    (
        "people in danger",
        r"still\s+inside",
        r"\b(?:basket|box|fort|tent|blanket|stroller|pram|wagon|cart|sleeping\s+"
        r"bag|hammock)\b",
        None,
    ),
    (
        "people in danger",
        r"glass",
        r"\b(?:aquarium|fish|tank|whale|shark|dolphin|penguin|seal|otter|jellyfish|museum|model)\b",
        None,
    ),
    *EXCUSES,
)
_Excuse = tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str] | None]


def _by_sign(entries: tuple[tuple[str, str, str, str | None], ...]) -> dict[str, tuple[_Excuse, ...]]:
    """The excuses compiled once and filed under their sign, in their order."""
    by_sign: dict[str, list[_Excuse]] = {}
    for what, shows, ordinary, unless in entries:
        by_sign.setdefault(what, []).append(
            (
                re.compile(shows, re.IGNORECASE),
                re.compile(ordinary, re.IGNORECASE),
                re.compile(unless, re.IGNORECASE) if unless else None,
            )
        )
    return {what: tuple(excuses) for what, excuses in by_sign.items()}


_EXCUSED_WHEN = _by_sign(_ORDINARY_WHEN)

_SMOKE_OF_THINGS = re.compile(
    r"\b(?:chimneys?|campfires?|bonfires?|barbecues?|bbq|grills?|stoves?|fireplaces?|volcano|volcanoes|incense|"
    r"fireworks?|kettles?|steam|engines?|trains?|dragons?|toasters?|embers|smokehouses?|coils?|candles?)\b",
    re.IGNORECASE,
)
_PLAYTHINGS = re.compile(
    r"\b(?:cameras?|phones?|balls?|snowballs?|water\s+(?:guns?|pistols?|balloons?|blasters?)|toy|hose|nerf|laser|"
    r"darts?|balloons?|finger|binoculars|telescope|flashlight|torch|bread|crumbs|seeds|frisbee|kite|boomerang|"
    r"paper\s+(?:plane|airplane|aeroplane)|lens|photographer|photos?|pictures?|selfie|rings?|hoops?|beanbags?)\b",
    re.IGNORECASE,
)

# Aimed at someone with no weapon named: a camera, a ball or a water gun in the sentence is play.
_AIMED_AT = re.compile(r"aim\w*\s+(?:it\s+)?at\b", re.IGNORECASE)

_SIGNS = tuple((what, re.compile(pattern, re.IGNORECASE)) for what, pattern in (*HURT, *DANGER, *BODY))


def unsafe_act(sentence: str) -> str:
    """What unsafe thing one sentence shows being done, or "" when it shows none. Every match of a sign is
    read: one excused as ordinary (a fishing rod) does not hide a later one (a blade to a throat)."""
    for what, pattern in _SIGNS:
        if any(not _excused(sentence, match, what) for match in pattern.finditer(sentence)):
            return what
    return ""


def _excused(sentence: str, match: re.Match[str], what: str) -> bool:
    """A parent lifting a child into the car is care, not a taking; chimneys and a barbecue smoke, a camera
    or a water gun is aimed at the ducks."""
    if (
        what == "a child taken away"
        and not _RANSOM.match(match.group(0))
        and _FAMILY_FIRST.search(sentence[: match.start()])
        and not _FORCED.search(sentence)
    ):
        return True
    if what == "smoking":
        return _SMOKE_OF_THINGS.search(sentence[match.start() : match.end() + 25]) is not None
    if what in ("someone about to fall", "a bad injury", "something frightening") and _ANIMAL_BEFORE.search(
        sentence[: match.start()]
    ):
        return True
    for shows, ordinary, unless in _EXCUSED_WHEN.get(what, ()):
        if (
            shows.search(match.group(0))
            and ordinary.search(sentence)
            and (unless is None or not unless.search(sentence))
        ):
            return True
    if what == "a weapon aimed at someone" and _AIMED_AT.match(match.group(0)):
        return _PLAYTHINGS.search(sentence) is not None
    return False


_TOGETHER = (
    (
        "someone hurting themselves",
        re.compile(
            r"\b(?:letters?|notes?)\b[^.]{0,80}\b(?:one\s+for\s+(?:mom|mum|dad)|(?:each|every)\s+bed)\b", re.IGNORECASE
        ),
        re.compile(r"\block\w*\s+(?:the|her|his)\s+(?:\w+\s+)?door\b|\b(?:won't|will\s+not)\s+need\b", re.IGNORECASE),
    ),
    (
        "someone hurting themselves",
        re.compile(
            r"\b(?:gives?|giving|gave|hands?\s+out|handing\s+out)\b[^.]{0,80}\b(?:favou?rite|things|toys|belongings)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:won't|will\s+not)\s+need\s+(?:them|it|these|those)\s+(?:anymore|any\s+more)\b", re.IGNORECASE
        ),
    ),
    (
        "someone hurting themselves",
        re.compile(r"\b(?:train|railway)\s+tracks\b|\brails\b", re.IGNORECASE),
        re.compile(
            r"\b(?:goodbye|farewell|i'm\s+sorry|last\s+message|note\s+on\s+(?:her|his)\s+pillow)\b", re.IGNORECASE
        ),
    ),
    (
        "poison",
        re.compile(
            r"\b(?:pours?|stirs?|tips?|drips?|mix\w*|squeez\w*|sprinkl\w*)\s+(?:it|them|some|a\s+little|a\s+few\s+drops)\s+"
            r"(?!(?:lemon|honey|sugar|milk|cream|salt|syrup|jam)\b)(?:\w+\s+)?into\s+(?:the|his|her|their|a)\s+(?:[\w'-]+\s+){0,2}?(?:icing|cake|tea|drink|soup|coffee|juice|"
            r"lemonade|cup|glass|food|milk|bowl|stew|lunch\s*box|porridge|batter)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:cleaning\s+(?:liquid|fluid|products?|spray|chemicals?|cupboard|cabinet|shelf|bottle)|bleach|cleaner|poison\w*|skull|weed\s+killer|"
            r"pesticide|rat\s+(?:poison|bait|killer)|chemicals?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "a child taken away",
        re.compile(
            r"(?<!grandpa\s)(?<!grandma\s)(?<!granny\s)(?<!dad\s)(?<!mum\s)(?<!mom\s)(?<!mother\s)(?<!father\s)"
            r"\b(?:says|tells|whispers)\s+(?:\w+\s+)?(?:it\s+is|it's)\s+(?:their|our)\s+(?:little\s+|special\s+)?secret\b"
            r"(?![^.]{0,200}\b(?:surprise|party|recipe)\b)",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:man|stranger|coach|teacher|owner|uncle|neighbou?r|tutor|baker|driver|guard|janitor)\b", re.IGNORECASE
        ),
    ),
    (
        "someone hurting themselves",
        re.compile(
            r"\b(?:pills|tablets|capsules|sleeping\s+pills)\b[^.]{0,60}\b(?:lined\s+up|in\s+(?:neat\s+)?rows|rows|"
            r"piled|counted|handful|heart\s+shape)\b|\b(?:heap|pile)\s+of\s+(?:\w+\s+)?(?:pills|tablets|capsules)\b|\b(?:(?:arrang\w*|spread\w*|count\w*|sort\w*|collect\w*|gather\w*|empt\w*|"
            r"hoard\w*)\s+(?:out\s+)?(?:all|every)|handfuls?\s+of)\s+(?:of\s+)?(?:the\s+|her\s+|his\s+)?"
            r"(?:[\w'-]+\s+)?(?:pills|tablets|capsules)\b",
            re.IGNORECASE,
        ),
        re.compile(
            r"\b(?:goodbye|farewell|last\s+letter|letters?\s+for|note\s+for|final\s+note|envelope|"
            r"addressed\s+to|(?:card|message)\s+for\s+(?:her\s+|his\s+)?(?:mom|mum|dad|mother|father|parents))\b",
            re.IGNORECASE,
        ),
    ),
    (
        "someone hurting themselves",
        re.compile(
            r"\b(?:shoes|slippers|sneakers)\b[^.]{0,40}\b(?:neatly|side\s+by\s+side|lined\s+up|left)\b", re.IGNORECASE
        ),
        re.compile(r"\b(?:roof|rooftop|ledge|bridge|edge|railing|balcony|cliff)\b", re.IGNORECASE),
    ),
    (
        "someone hurting themselves",
        re.compile(r"\b(?:goodbye|farewell)\s+(?:letter|letters|note|notes)\b", re.IGNORECASE),
        re.compile(
            r"\b(?:roof|rooftop|ledge|bridge|railing|window\s+(?:is\s+)?(?:wide\s+)?open|rope|pills|tablets|"
            r"gives?\s+away|giving\s+away|won't\s+need)\b",
            re.IGNORECASE,
        ),
    ),
)


def unsafe_together(scene: str) -> str:
    """What the whole scene shows that no one sentence does: tablets beside a goodbye letter, shoes left by a
    roof's edge; "" when it shows none."""
    for what, first, second in _TOGETHER:
        if first.search(scene) and second.search(scene):
            return what
    return ""
