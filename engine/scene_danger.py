"""Signs of danger set for others or met by many in a written scene, whatever the words (engine/scene_signs.py
reads them): a fire set on purpose, poison stirred into food, something sharp hidden or dropped on people,
a fright, people trapped or swept away. Each is (what it shows, in words the prompt writer can be told to
leave out; the pattern of one sentence)."""

from __future__ import annotations

DANGER: tuple[tuple[str, str], ...] = (
    (
        "a fire set on purpose",
        r"\b(?:pour\w*|splash\w*|sprinkl\w*|soak\w*|douse\w*|tip\w*|empt\w*)\b[^.]{0,60}\b(?:gasoline|petrol|"
        r"fuel|kerosene|lighter\s+fluid|lamp\s+oil|paint\s+thinner)\b(?![^.]{0,40}\b(?:barbecue|bbq|grill|"
        r"charcoal|campfire|bonfire|lawnmower|mower|tank|generator|stove|lantern|lamp\b)|\s+(?:\w+\s+)?into\s+(?:the\s+|"
        r"his\s+|her\s+|a\s+|their\s+)?(?:\w+\s+){0,2}?(?:car|motor|engine|boat|scooter|motorbike|motorcycle|tractor|"
        r"heater))",
    ),
    (
        "a fire set on purpose",
        r"\b(?:set\w*|light\w*|lit|puts?)\s+(?:fire\s+to|[\w'-]+(?:\s+[\w'-]+){0,6}?\s+(?:on\s+fire|alight|"
        r"ablaze))\b(?!\s+(?:the\s+)?(?:campfire|bonfire|kindling|logs|wood|firewood|fireplace|candles?|grill|"
        r"barbecue|stove|lantern|torch|incense|sparklers?))|\b(?:holds?|held|puts?)\s+(?:a|the|his|her)\s+"
        r"(?:lighter|match|lit\s+match|(?:lit|burning|flaming)\s+torch)\s+(?:\w+\s+){0,2}?(?:to|under)\s+(?:the\s+|a\s+|an\s+)?"
        r"(?:\w+\s+)?(?:curtains?|frog|cat|kitten|bird|dog|hair|box|shelter|door|house|tent|car|hay|papers?)\b(?!\s+in\s+"
        r"the\s+(?:\w+\s+)?(?:stove|fireplace|grate|burner|fire\s*pit|barbecue|grill)|\s+(?:under|beneath|below)\s+the\s+(?:logs|"
        r"kindling|firewood|wood|charcoal))|\bstrikes?\s+a\s+match\b(?!\s+"
        r"(?:(?:and|to)\s+light\s+|for\s+)(?:the\s+|a\s+|his\s+|her\s+|some\s+)?(?:\w+\s+){0,2}?(?:candles?|campfire|fire|fireplace|"
        r"stove|lantern|incense|bonfire|barbecue|grill|sparklers?|fireworks?|lamp|kindling|coils?))",
    ),
    (
        "a fire set on purpose",
        r"\b(?:lit|burning|flaming)\s+rags?\b|\b(?:throw\w*|threw|toss\w*|drop\w*|flick\w*)\s+(?:a|the|his|her)\s+"
        r"(?:lit|burning|flaming)\s+\w+\s+into\b(?!\s+(?:the\s+|a\s+)?(?:\w+\s+){0,2}?(?:campfire|fire|fireplace|stove|bonfire|"
        r"pit|grill|bucket|water|sand|sink|puddle|snow|brazier))",
    ),
    (
        "a fire set on purpose",
        r"\b(?:spray\w*|drench\w*)\b[^.]{0,60}\b(?:gasoline|petrol|fuel|kerosene|lighter\s+fluid|lamp\s+oil)\b|"
        r"\b(?:drench\w*|soak\w*|douse\w*)\s+(?:[\w'-]+\s+){1,3}?(?:in|with)\s+(?:gasoline|petrol|fuel|kerosene|"
        r"lighter\s+fluid|lamp\s+oil)\b",
    ),
    (
        "poison",
        r"\brat\s+poison\b|\bpoison(?:s|ed|ing)?\s+(?:his|her|their|the|a)\s+(?:[\w'-]+\s+)?(?:soup|tea|drink|food|"
        r"water|coffee|juice|lemonade|meal|cup|dinner|milk|meat|meatballs|stew|lunch|dog|cat|husband|wife|mother|"
        r"father|neighbou?r)\b|\bpoisoned\s+(?:meat|food|candy|candies|sweets|bait|drink|meatballs)\b|"
        r"(?<!snake's\s)(?<!spider's\s)(?<!jellyfish's\s)(?<!frog's\s)(?<!scorpion's\s)(?<!has\s)(?<!have\s)(?<!had\s)\bpoison\s+(?:from|into|in)\b|"
        r"\blac(?:es|ed|ing)\s+(?:his|her|their|the)\s+(?:\w+\s+)?(?:tea|coffee|drink|food|soup|juice|milk)\s+with\b",
    ),
    (
        "poison",
        r"\b(?:drops?|slips?|stirs?|mix\w*|sprinkl\w*|pours?|empties|emptying|tips?|squirts?|injects?|injected)\s+"
        r"(?:\w+\s+){0,4}?(?:(?<!chocolate\s)(?<!cocoa\s)(?<!milk\s)(?<!protein\s)(?<!sesame\s)(?<!misugaru\s)(?<!chili\s)"
        r"(?<!chilli\s)(?<!curry\s)(?<!cinnamon\s)(?<!matcha\s)(?<!baking\s)(?<!soup\s)(?<!sugar\s)(?<!garlic\s)"
        r"(?<!ginger\s)(?<!vanilla\s)(?<!formula\s)(?<!grain\s)(?<!custard\s)(?<!bean\s)(?<!coffee\s)(?<!perilla\s)(?<!rice\s)"
        r"powder|poison|(?<!dog's\s)(?<!cat's\s)(?<!puppy's\s)(?<!kitten's\s)(?<!vitamin\s)(?<!fizzy\s)pills|bleach|cleaning\s+liquid|chemicals?|"
        r"cleaner|antifreeze|something(?!\s+(?:sweet|tasty|yummy|delicious|special|warm|hot|cold|nice|green|red|"
        r"extra)))\s+(?:\w+\s+){0,4}?(?:into|in|over)\s+(?:his|her|their|the|a)\s+(?:[\w'-]+\s+){0,2}?(?:tea|"
        r"drink|soup|coffee|juice|lemonade|cup|glass|water|food|milk|bowl|stew|lunch\s+box|lunchbox|carton|pond|"
        r"cooler|well|bottle|candy|candies|sweets|chocolates?)\b",
    ),
    (
        "poison",
        r"\bskull\s+on\s+(?:the|its)\s+label\b|\bbottle\s+with\s+a\s+skull\b",
    ),
    (
        "poison",
        r"\b(?:pills|tablets|capsules)\s+into\s+the\s+(?:teapot|cup|cups|juice|drink|milk|soup|tea|kettle|bottle)\b",
    ),
    (
        "something sharp hidden",
        r"\b(?:broken\s+glass|glass\s+shards?|(?<!pine\s)(?<!fir\s)(?<!spruce\s)(?<!knitting\s)(?<!sewing\s)needles|pins|"
        r"razor\s+blades?|nails)\s+(?:\w+\s+){0,4}?(?:hidden|"
        r"inside|into|in|down|on)\s+(?:the\s+|a\s+)?(?:\w+\s+)?(?:chocolates?|candy|candies|food|sandwich|bread|"
        r"cake|apples?|sweets|slide|sandpit|sandbox|path|shoes?)\b(?!\s+(?:rack|shelf|cupboard|box|cabinet|store|shop))",
    ),
    (
        "something dropped on people",
        r"\bdrop\w*\s+(?:\w+\s+){0,2}?(?:bricks?|rocks?|stones?|bottles?|blocks?)\s+(?:\w+\s+){0,3}?(?:on|onto)\s+"
        r"(?:people|cars|passers-by|the\s+(?:cars|people|highway|road|traffic|passers-by))\b|\bat\s+neck\s+height\b|"
        r"\b(?:put\w*|plac\w*|drop\w*|throw\w*|threw|roll\w*|push\w*|drag\w*|lay\w*|laid|pil\w*)\s+(?:\w+\s+){0,4}?"
        r"onto\s+the\s+(?:railway|train)\s+tracks\b",
    ),
    (
        "something frightening",
        r"\bcrawl\w*\s+out\s+of\s+the\s+(?:\w+\s+)?(?:tv|television|screen|static|drain|well|grave|mirror)\b|"
        r"\bpossessed\s+(?:\w+\s+)?(?:doll|girl|boy|child|toy|teddy|man|woman)\b|\bface\s+with\s+no\s+eyes\b|"
        r"\b(?:yellow|red|glowing)\s+eyes\b[^.]{0,60}\b(?:drain|grate|sewer|closet|wardrobe|under\s+the\s+(?:bed|crib))\b|"
        r"\b(?:drain|grate|sewer|closet|wardrobe|under\s+the\s+(?:bed|crib))\b[^.]{0,60}\b(?:yellow|red|glowing)\s+eyes\b",
    ),
    (
        "something frightening",
        r"\b(?:eyeless|hollow-eyed|faceless\s+(?:man|woman|figure|thing|creature)|(?:grey|gray|bony|skeletal|"
        r"clawed)\s+fingers\s+(?:\w+\s+){0,2}?(?:curl\w*|reach\w*|creep\w*|crawl\w*|scratch\w*)|"
        r"(?:shadow|figure|thing|creature)\s+(?:\w+\s+){0,3}?(?:at|by)\s+the\s+foot\s+of\s+(?:the|his|her)\s+bed)\b",
    ),
    (
        "something frightening",
        r"\bcrawl\w*\s+from\s+the\s+(?:\w+\s+)?(?:tv|television|screen|static|drain|well|grave|mirror)\b",
    ),
    (
        "people in danger",
        r"\b(?:people|children|passengers|families|villagers|crowds?|students|kids)\b[^.]{0,40}\b(?:crushed(?!\s+(?:ice|"
        r"garlic|nuts|peanuts|biscuits?|cookies|crackers|candy|berries|tomatoes|cans?|leaves|paper))|"
        r"swept\s+away|drowning|trapped\s+(?:inside|under|in\s+the\s+(?:rubble|fire|flames|water))|buried\s+under"
        r"(?!\s+(?:the\s+)?(?:warm\s+|soft\s+)?(?:sand|leaves|pillows|blankets?|cushions|toys))|"
        r"burning\s+alive|fall\s+one\s+by\s+one|falling\s+one\s+by\s+one)\b|\bwith\s+(?:her|him|them|people|the\s+family)\s+still\s+inside\b|"
        r"\b(?:faces|hands)\s+press\w*\s+against\s+"
        r"the\s+(?:windows?|glass)\s+as\s+(?:the\s+)?(?:water|flames|smoke)\b",
    ),
    (
        "people in danger",
        r"\b(?:flames?|fire|smoke|water|floods?)\s+traps?\s+(?:him|her|them|(?:the|a|an|his|her|their)\s+(?:\w+\s+)?"
        r"(?:family|families|people|children|child|boy|girl|man|woman|passengers|villagers|students|baby))\b",
    ),
    (
        "people in danger",
        r"\b(?:families|people|children|villagers|passengers)\s+(?:are|were)\s+trapped\b(?![^.]{0,40}\b(?:lift|elevator)\b|\s+indoors\s+"
        r"by\s+the\s+(?:\w+\s+)?(?:rain|weather|snow|cold|heat))|"
        r"\bwalls\s+of\s+flames?\b",
    ),
    (
        "something frightening",
        r"\b(?:red|blood)-stained\s+(?:teeth|mouth|claws|fangs)\b",
    ),
)
