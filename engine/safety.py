"""What a children's drawing bot must never draw, and a child who needs a person rather than a picture.

Three layers, each cheap and explainable:

1. the diary, before any model: requests for sexual, violent, gory or frightening pictures (Korean and
   English), and signs of a child in distress (self-harm, wishing to die, abuse); see `engine/diary_check.py`;
2. the final prompt, after the LLM (this module): a deny-list of unsafe words (in every form: `guns`,
   `bloodied`, `stabbing`) read in their phrase (a water gun, a killer whale, a bath bomb are ordinary),
   phrases unsafe only together (`shooting people`, not `a shooting star`), signs of what is done whatever
   the words (engine/scene_signs.py: a blade held to a throat, a child led to a stranger's car), and a
   learned reading of the whole scene (engine/scene_scorer.py); a stopped scene is asked for again with the
   reason, then replaced by its own safe sentences or a calm generic scene. Every other word is kept, so the
   child's own scene reaches the painter whole;
3. the drawing, after the painter: an image classifier (see `engine/image_safety.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.scene_scorer import features, shipped_scorer
from engine.scene_signs import unsafe_act, unsafe_together

# Words no children's drawing may name, whatever the context. `_stems` finds them in their other forms
# (guns → gun, stabbing → stab, bloodied → bloody); irregular forms are listed. Words that are ordinary in
# children's scenes are left out on purpose: a shooting star, a kitchen knife, a toy sword, a friendly
# ghost costume, a pillow fight, a snowball war, an explosion of colours, a pet that died.
UNSAFE_PROMPT_WORDS = frozenset(
    {
        # violence and weapons
        "kill", "killer", "murder", "murderer", "slaughter", "massacre", "stab", "behead", "decapitate",
        "dismember", "torture", "strangle", "assault", "gun", "gunfire", "gunshot", "gunman", "rifle", "pistol",
        "revolver", "handgun", "firearm", "shotgun", "gunmen", "grenade", "bomb", "bombing", "missile", "weapon",
        "violence", "violent", "battlefield", "warfare", "terrorist", "hostage", "execution",
        # blood and injury
        "blood", "bloody", "bleed", "bled", "gore", "gory", "gruesome", "corpse", "carcass", "wounded", "injury",
        "severed", "mutilate", "entrails", "guts",
        # sexual
        "nude", "naked", "nudity", "sex", "sexy", "sexual", "porn", "pornographic", "erotic", "lingerie",
        "topless", "undressed", "genital", "nsfw",
        # frightening
        "horror", "horrifying", "terrifying", "creepy", "zombie", "demon", "satanic",
        # self-harm and drugs
        "suicide", "suicidal", "noose", "cocaine", "heroin", "marijuana", "cigarette", "cigar",
    }
)  # fmt: skip
# Phrases unsafe only together.
_PERSON = (
    r"(?:people|persons?|someone|somebody|him|her|them|each other|"
    r"(?:a|the|his|her|their) (?:man|woman|boy|girl|child|kid|baby|friend|teacher|mom|dad|mother|father|dog|cat|puppy|"
    r"kitten|pupil|student|son|daughter|wife|husband))"
)
UNSAFE_PROMPT_PHRASES = (
    rf"\bshoot(?:s|ing)?\s+(?:at\s+)?{_PERSON}\b(?!\s+(?:a|an)\s+(?:\w+\s+)?(?:look|glance|smile|grin|wink|thumbs-up)\b)",
    r"\bshot\s+(?:dead(?!\s+cent(?:re|er)\b)|to death)\b",
    rf"\b(?:hit(?:s|ting)?|beat(?:s|ing|en)?|punch(?:es|ing|ed)?|kick(?:s|ing|ed)?|slap(?:s|ping|ped)?|hurt(?:s|ing)?|"
    rf"whack(?:s|ing|ed)?)\s+{_PERSON}\b(?!'s)"
    r"(?!\s+own\s+(?:[\w-]+\s+){0,3}?(?:record|records|best|time|score)\b|\s+(?:record|records|time|score)\b|\s+best\s+(?:time|score|"
    r"record|ever)\b|\s+(?:(?:brother|sister|dad|mom|mum|father|mother|friend|grandpa|grandma|cousin|uncle|aunt)\s+)?"
    r"(?:at|in)\s+(?:a\s+|the\s+)?(?:game|games|chess|cards|race|match|checkers|tag|arm[-\s]?wrestl\w*|baduk|go|yut|janggi|"
    r"omok|quiz|rock-paper-scissors|ping-pong|badminton|tennis)\b)",
    r"\bdead\s+(?:body|bodies|person|people|man|men|woman|women|boy|girl|child|children|kid|kids|baby)\b(?!'s\s+float)",
    r"\b(?:knife|knives|sword|swords|blade|axe|scissors)\b[^.]{0,40}\b(?:attack\w*|threat\w*|slash\w*|"
    r"point\w* at\b(?!\s+(?:the\s+)?(?:floor|ground)\b))\b",
    r"\b(?:attack\w*|threat\w*)\b[^.]{0,40}\b(?:knife|knives|sword|swords|blade|axe)\b",
    r"\bcut(?:s|ting)?\s+(?:off\s+)?(?:his|her|their|my|the)\s+(?:head|throat|wrist|wrists|arm|arms)\b"
    r"(?!\s+of\s+(?:a\s+|the\s+)?(?:\w+\s+)?(?:cabbage|lettuce|broccoli|cauliflower|garlic|celery)\b)|\bcut(?:s|ting)?\s+off\s+"
    r"(?:his|her|their|my|the)\s+fingers?\b|\bcut(?:s|ting)?\s+(?:his|her|their|my|the)\s+fingers?\b"
    r"(?![^.]{0,200}\b(?:bandage|plaster|band-aid)s?\b)",
    r"\bhang(?:s|ing|ed)?\s+(?:himself|herself|themselves|myself)\b",
    r"\bself[-\s]?harm\w*",
    r"\b(?:evil spirit|blood[-\s]?stained|covered in blood)\b",
    # Not a bullet train, not wound string, not a chicken breast.
    r"\bbullets?\b(?!\s+trains?)",
    r"\b(?:a|the|his|her|their|open|deep)\s+wounds?\b(?!-up|\s+up\b)",
    r"(?<!chicken\s)(?<!duck\s)(?<!turkey\s)\b(?:bare\s+)?breasts\b",
)
_UNSAFE_PHRASE = re.compile("|".join(UNSAFE_PROMPT_PHRASES), re.IGNORECASE)
# Play with a toy weapon: "the children shoot each other with water guns" is a summer afternoon.
TOY_WEAPON = (
    r"\b(?:water|squirt|nerf|toy|glue|bubble|spray|paint|ray|laser|foam|cap|pop|plastic|dart|pretend|wooden|"
    r"cardboard|paper|balloon|snowball|cork|thermometer|temperature|staple|price|massage|heat|nail|caulk|finger)[-\s]?"
    r"(?:(?:air|cap|bb)[-\s]?)?(?:guns?|pistols?|rifles?|swords?|blasters?|weapons?|cannons?)\b"
)
_TOY_WEAPON = re.compile(TOY_WEAPON, re.IGNORECASE)
_SHOOTING = re.compile(UNSAFE_PROMPT_PHRASES[0], re.IGNORECASE)
# A costume, a toy or a game of creatures: the creatures are the children.
DRESSED_UP = (
    r"\b(?:as|plays?|playing|pretends?\s+to\s+be)\s+(?:a\s+|an\s+|the\s+)?(?:zombie|vampire|witch|skeleton|ghost|"
    r"monster|mummy|werewolf)s?\b(?=[^.]{0,200}\b(?:costume|party|play|game|giggl\w*|laugh\w*|squeal\w*|pretend\w*)\b)|"
    r"\b(?:zombie|zombies|vampire|witch|skeleton|ghost|monster|demon|devil|mummy|werewolf)\s+(?:costumes?|masks?|"
    r"make-?up|outfits?|hats?|dolls?|toys?|figures?|figurines?|stickers?|cartoons?|puppets?|plushies?|balloons?|"
    r"tag|games?|parade|party)\b"
    r"|\bdressed\s+(?:up\s+)?(?:as|like)\s+(?:a\s+|an\s+)?(?:friendly\s+|cute\s+|little\s+|funny\s+)?"
    r"(?:zombie|vampire|witch|skeleton|ghost|monster|mummy|werewolf)s?\b"
)
# Words ordinary in their phrase, read as the phrase and not as the word alone: a killer whale, a bath bomb,
# a blood orange, a wounded bird cared for, a scraped knee that bled, a bullet journal, a zombie costume.
SAFE_PHRASES = (
    TOY_WEAPON,
    r"\bkiller\s+whales?\b",
    r"\b(?:bath|glitter|seed|confetti|paint|water|colou?r|stink|photo)[-\s]?bombs?\b|\bphoto[-\s]?bomb\w*",
    r"\bbomber\s+jackets?\b",
    r"\b(?:is|are|was|were|'re|'s)\s+[\"'\u201c]?(?:the|da)\s+bomb\b|\bwater\s+balloon\s+bombs?\b|\bbomb\s+pops?\b|"
    r"\blike\s+(?:a\s+|tiny\s+|little\s+|small\s+)?bombs?\b|\bbomb\s+(?:dives?|jumps?)\b|\b(?:cartoon|toy|bath)\s+bombs?\b|\bbomb[-\s]shaped\b",
    r"\b(?:g(?:ive|ives|ave|iving)|donat\w*)\s+blood\b",
    # A drop of blood at a check-up or from a mosquito bite, a tube of it at the clinic.
    r"\b(?:(?:a|one|the)\s+)?(?:tiny|little|small|single|few)\s+(?:\w+\s+)?(?:drops?|dots?|spots?|bits?|specks?|"
    r"beads?|tubes?|vials?)\s+of\s+(?:red\s+)?blood\b|\ba\s+(?:little|tiny)\s+(?:bit\s+of\s+)?blood\b|"
    r"\b(?:a|one)\s+(?:\w+\s+)?(?:drop|dot|spot|speck|bead)\s+of\s+(?:red\s+)?blood\b|\b(?:fake|pretend|stage|toy|plastic|"
    r"painted)\s+blood\b|\b(?:bag|tube|vial)\s+(?:\w+\s+){0,3}?(?:of|with)\s+(?:dark\s+)?(?:red\s+)?blood\b",
    r"\bkiller\s+(?:dance|dances|moves?|apps?|smile|outfits?|looks?|songs?|beats?|serves?|shots?|kicks?)\b",
    r"\bkill(?:ed|s|ing)?\s+it\b|\b(?:made|makes|make|got|gets|calls?\s+it)\s+(?:a|the)\s+kill\b|\bkill\s+the\s+(?:lights?|engine|music|tv)\b",
    r"\bnaked\s+(?:eye|mole[-\s]rats?|trees?|branches)\b",
    r"\bkill(?:s|ed|ing)?\s+time\b|\bfish\s+guts\b|\blooks?\s+like\s+a\s+battlefield\b|\bto\s+(?:her|his|their|my|our)\s+horror\b|"
    r"\bcreepy[-\s]crawl(?:y|ies|ers?)\b|\blike\s+a\s+(?:sleepy\s+|tired\s+|little\s+)?zombie\b|\bheroines?\b|\bpistol\s+shrimps?\b|"
    r"\brifl(?:es|ed|ing)\s+through\b|\bstab\w*\s+(?:a|the|his|her|their)\s+(?:\w+\s+)?straw\s+into\b|\b(?:small|little|minor|tiny)\s+"
    r"(?:\w+\s+)?injur(?:y|ies)\b|\b(?:colou?rs?|watercolou?rs?|paints?|inks?|dyes?)\s+(?:\w+\s+)?(?:bleed|bleeds|bled|bleeding)\b",
    # A knee hurt in a fall, legs kicked in the pool, a ball or the light that meets someone, a baby's spoon.
    r"\b(?:trips?|tripped|falls?|fell|slips?|slipped|tumbles?|tumbled|stumbles?|stumbled)\b[^.]{0,60}\bhurts?\s+(?:her|his|their)\s+"
    r"(?:\w+\s+)?(?:knee|knees|ankle|ankles|leg|legs|foot|feet|arm|elbow|wrist|hand|toe|toes|bottom|back|nose|chin)\b|"
    r"\bkick(?:s|ing|ed)?\s+(?:his|her|their)\s+(?:little\s+|short\s+)?(?:legs|feet)\b(?=[^.]{0,200}\b(?:water|pool|swim\w*|splash\w*|"
    r"kickboard|float\w*)\b)|\b(?:pool|swim\w*|kickboard|water)\b[^.]{0,200}\bkick(?:s|ing|ed)?\s+(?:his|her|their)\s+(?:little\s+|"
    r"short\s+)?(?:legs|feet)\b|\bballs?\s+(?:[\w-]+\s+){0,6}?(?:gently|softly|lightly)\s+(?:hits?|bumps?|taps?)\s+(?:him|her|them|"
    r"(?:a|the)\s+(?:\w+\s+)?(?:boy|girl|child|kid|friend))\b|\b(?:light|glow|sunlight|sunshine|moonlight|lamplight|candlelight|"
    r"smell|scent|breeze|spray|splash|mist|steam)\s+(?:\w+\s+){0,3}?hits?\s+(?:her|him|them)\b|\b(?:baby|toddler)\s+(?:\w+\s+)?"
    r"(?:hits?|bops?|taps?|whacks?)\s+(?:her|his|their)\s+(?:\w+\s+)?(?:dad|mom|mum|father|mother|brother|sister|grandpa|grandma)\b",
    r"\bbleed\w*\s+(?:just\s+)?a\s+(?:little|tiny\s+bit|bit|little\s+bit)\b",
    r"\b(?:starting|starter'?s?)\s+(?:guns?|pistols?)\b",
    r"\b(?:plays?|playing|acts?|acting)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:general|soldier|knight|hero|warrior|"
    r"pirate|king|captain)\s+who\s+(?:was|is|gets|got)\s+wounded\b",
    r"\b(?:pretend\w*\s+to\s+be|plays?|playing)\s+the\s+secret\s+killers?\b|\b(?:spike\w*|volleyball)\b[^.]{0,100}"
    r"\bfor\s+a\s+kill\b|\bpretend\s+killers?\b|\bsecret\s+killers?\b(?=[^.]{0,200}\b(?:game|play\w*|pretend|mafia|cards?|round|giggl\w*|"
    r"laugh\w*|narrator|guess\w*)\b)|\bwho\s+(?:they|we|she|he|you)\s+think\s+the\s+secret\s+killers?\b|\b(?:tanks?|cannons?)\b[^.]{0,80}\bgun\s+barrels?\b",
    # A fish cleaned for dinner: its head cut off.
    r"\bcuts?\s+off\s+the\s+head\b(?=[^.]{0,200}\b(?:fish|squid|shrimp|prawns?|mackerel|(?:wooden|chopping|cutting)\s+board)\b)|\b(?:fish|squid|shrimp|"
    r"prawns?|mackerel)\b[^.]{0,200}\bcuts?\s+off\s+the\s+head\b",
    r"\bstab\w*\s+(?:[\w-]+\s+){0,4}?with\s+(?:a|the|his|her|their)\s+(?:fork|chopsticks?|straw|toothpick|skewer)\b",
    r"\bblood\s+(?:travels|flows|moves|goes)\s+(?:round|around|through)\b|\bblood[-\s]+(?:oranges?|moon|pressure|types?|tests?|samples?|donations?|drive|bank|sugar|sausages?|cells?|vessels?)\b",
    r"\b(?:wounded|injured|hurt)\s+(?:little\s+|baby\s+|small\s+)?(?:birds?|pupp(?:y|ies)|kittens?|cats?|dogs?|animals?|"
    r"wings?|paws?|ducks?|ducklings?|chicks?|rabbits?|deer|squirrels?|sparrows?|pigeons?|owls?|turtles?|hedgehogs?)\b",
    r"\b(?:knee|knees|finger|fingers|nose|elbow|lip|chin|toe|thumb)\s+(?:that\s+|which\s+)?(?:bled|bleeds|bleeding|"
    r"was\s+bleeding|had\s+bled)\b",
    # A nosebleed that starts on its own; a nose that bleeds after a blow is not excused.
    r"\bnose\s*bleeds?\b(?![^.]{0,200}\b(?:punch\w*|hit|slap\w*|fist\w*|kick\w*|struck|smack\w*)\b)|\bnose\s+(?:starts?|"
    r"started|begins?|began)\s+(?:to\s+)?bleed\w*(?![^.]{0,200}\b(?:punch\w*|hit|slap\w*|fist\w*|kick\w*|struck|smack\w*|"
    r"shout\w*)\b)",
    r"\b(?:bleeding|bloody|scraped|grazed|cut)\s+(?:knee|knees|finger|fingers|nose|elbow|lip|chin|toe|thumb)\b",
    r"\bbullet\s+(?:journals?|points?|trains?|lists?)\b",
    DRESSED_UP,
    r"\bviolent\s+(?:storms?|winds?|waves?|rain|thunderstorms?|shaking|sneez\w*)\b",
    r"\b(?:secret|snowball|pillow)\s+weapons?\b",
    # A pillow, a ball or a wave that hits someone in play.
    r"\b(?:pillows?|cushions?|balls?|snowballs?|balloons?|water|waves?|splash(?:es)?|raindrops?|feathers?|beanbags?)"
    r"\s+(?:\w+\s+)?(?:hits?|hitting|smacks?|whack\w*)\s+(?:him|her|them|people|someone|somebody)\b|\b(?:hit\w*|whack\w*|"
    r"smack\w*|bash\w*|bop\w*)\s+(?:each\s+other|him|her|them)\s+with\s+(?:\w+\s+)?(?:pillows?|cushions?|balloons?|"
    r"pool\s+noodles?|snowballs?|foam\s+\w+)\b|\b(?:pillows?|cushions?|snowballs?)\b[^.]{0,200}\b(?:hit\w*|whack\w*|"
    r"smack\w*|bash\w*|bop\w*)\s+each\s+other\b|\b(?:hit\w*|whack\w*|smack\w*|bash\w*|bop\w*)\s+each\s+other\b"
    r"(?=[^.]{0,200}\b(?:pillows?|cushions?|snowballs?)\b)",
)
_SAFE_PHRASE = re.compile("|".join(SAFE_PHRASES), re.IGNORECASE)
# In a sentence about a costume or a game of them, the creatures are the children: "we played zombie tag,
# where the zombies walk slowly with stiff arms".
_DRESSED_UP = re.compile(DRESSED_UP, re.IGNORECASE)
_CREATURE = re.compile(
    r"\b(?:zombie|vampire|witch|skeleton|ghost|monster|demon|mummy|werewolf)(?:e?s)?\b", re.IGNORECASE
)
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")

_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _stems(word: str) -> list[str]:
    """The word and simple English stems of it: children's, apples, played, playing, slowly, happier."""
    forms = [word]
    for suffix, replacement in (
        ("'s", ""),
        ("ies", "y"),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("ier", "y"),
        ("iest", "y"),
        ("er", ""),
        ("est", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)] + replacement
            forms.append(stem)
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # running -> run
    return forms


def unsafe_word(word: str) -> bool:
    """True when `word`, in this or a simpler form, is one no children's drawing may name."""
    return any(form in UNSAFE_PROMPT_WORDS for form in _stems(word.lower()))


@dataclass(frozen=True)
class PromptCheck:
    prompt: str | None
    """The scene, whole, or None when it names something unsafe and must be written again or replaced."""
    reason: str = ""
    """What was unsafe: the word or phrase found (for logs and tests)."""


LEARNED = "violence, fear or grown-up things"
"""The reason given when the learned reading stops a scene (it names no word)."""


def check_prompt(prompt: str) -> PromptCheck:
    """Keep an English scene whole, unless one of its sentences names an unsafe word (in any form, outside
    the phrases that make it ordinary), an unsafe phrase or an unsafe act (engine/scene_signs.py), or the
    scene shows what is unsafe only side by side, or the learned reading finds it unsafe as a whole
    (engine/scene_scorer.py)."""
    for sentence in _SENTENCE.findall(prompt):
        reason = _unsafe_in(sentence)
        if reason:
            return PromptCheck(None, reason=reason)
    together = unsafe_together(prompt)
    if together:
        return PromptCheck(None, reason=together)
    if shipped_scorer().flags(features(prompt)):
        return PromptCheck(None, reason=LEARNED)
    return PromptCheck(prompt)


def safe_sentences(prompt: str, *, min_words: int = 6) -> str | None:
    """The scene without its unsafe sentences, when what is left still says something (`min_words`) and
    passes the whole check: the diary's own subject kept where it can be. None when nothing usable is left."""
    kept = [sentence.strip() for sentence in _SENTENCE.findall(prompt) if sentence.strip() and not _unsafe_in(sentence)]
    left = " ".join(kept)
    if len(_WORD.findall(left)) < min_words or unsafe_together(left) or shipped_scorer().flags(features(left)):
        return None
    return left


def _unsafe_in(sentence: str) -> str:
    """The unsafe word, phrase or act one sentence names, or "" when it names none."""
    read = _SAFE_PHRASE.sub(" ", sentence)
    if _DRESSED_UP.search(sentence):
        read = _CREATURE.sub(" ", read)
    for match in _WORD.finditer(read):
        if unsafe_word(match.group(0)):
            return match.group(0).lower()
    toy = _TOY_WEAPON.search(sentence) is not None
    for phrase in _UNSAFE_PHRASE.finditer(read):
        if not (toy and _SHOOTING.fullmatch(phrase.group(0))):
            return phrase.group(0).lower()
    return unsafe_act(read)
