"""The words of an English scene by what they are about, for the learned scene reading (engine/scene_scorer.py).

A scene that must not be drawn is often said without one alarming word: tablets lined up beside a goodbye
letter, a stranger with sweets beside a car, fuel poured by a door and a match. Each word here names one
kind of thing (a pill, a farewell, a vehicle, a lure), so two kinds met in one sentence are a feature the
reading weighs, whatever words the writer chose for them; ordinary scenes hold such pairs too (vitamins
at breakfast, grandpa's car), and the weights learn which pairs count."""

from __future__ import annotations

from collections.abc import Iterable

_KINDS: dict[str, str] = {
    "child": "child children kid kids boy boys girl girls toddler baby babies son daughter pupil student "
    "students brother sister sibling siblings teenager teenagers teen teens",
    "adult": "man men woman women father dad daddy mother mom mum mommy uncle aunt stepfather stepmother "
    "stepdad stepmom adult adults teacher coach neighbour neighbor guard boyfriend husband wife",
    "stranger": "stranger strangers unknown masked hooded unfamiliar someone figure",
    "lure": "candy candies sweets sweet lollipop lollipops chocolate chocolates puppy kitten toy toys "
    "present gift treat treats ride lift",
    "vehicle": "car cars van vans truck trunk backseat boot taxi",
    "secret": "secret secrets nobody whisper whispers whispered promise promises quiet hush",
    "lead": "lead leads led take takes took pull pulls pulled drag drags dragged grab grabs grabbed carry "
    "carries carried follow follows followed lure lures beckon beckons wave waves shove shoves",
    "pill": "pill pills tablet tablets capsule capsules medicine medicines bottle bottles packet packets",
    "farewell": "goodbye farewell letter letters note notes last final forever sorry",
    "height": "railing railings ledge edge roof rooftop bridge cliff balcony sill tracks platform parapet",
    "night": "night midnight dark darkness empty alone lonely morning",
    "fire": "match matches lighter flame flames fire fires blaze burn burns burning burnt burned smoke "
    "smoking spark sparks",
    "fuel": "petrol gasoline fuel kerosene can jerrycan liquid oil",
    "home": "house houses door doorstep porch home apartment window building room bedroom",
    "sleep": "sleep sleeping asleep sleeps bed beds napping",
    "smoke": "cigarette cigarettes vape vapes vaping smoke smokes smoking puff puffs exhale exhales inhale "
    "inhales joint pipe roll rolls rolled leaves lighter ash ashtray",
    "powder": "powder powders line lines straw sniff sniffs snort snorts nose crystals bag baggie",
    "needle": "needle needles syringe syringes vein veins spoon injection inject injects",
    "drink": "beer beers soju wine vodka whisky whiskey liquor alcohol makgeolli drunk drinks drinking "
    "drank bottle bottles cans glass glasses",
    "stagger": "stagger staggers staggering slumped slumps sprawled vomit vomits vomiting slur slurs slurring "
    "sway sways stumble stumbles stumbling collapse collapses collapsed unconscious",
    "strike": "hit hits strike strikes struck slap slaps slapped punch punches punched kick kicks kicked "
    "beat beats beating smack smacks whip whips lash lashes slam slams slammed shove shoves hurl hurls "
    "choke chokes strangle squeeze squeezes twist twists twisted yank yanks shake shakes shook throw throws "
    "threw push pushes pushed",
    "implement": "belt stick hanger rod cane bat club hammer pipe fist fists hand hands",
    "mark": "bruise bruises bruised welt welts mark marks swollen scar scars cut cuts burn burns scratch scratches",
    "confine": "lock locks locked shut chain chains chained tied ties rope ropes cage caged cupboard closet "
    "basement storage cellar trunk outside",
    "fear": "cry cries crying sob sobs sobbing scream screams screaming whimper whimpers beg begs pleads "
    "terrified afraid fear frightened scared trembling trembles cowers cowering hides hiding panic",
    "undress": "undress undresses undressing strip strips stripping unbutton unbuttons unzip unzips "
    "remove removes removing off slip slips",
    "clothes": "clothes clothing shirt dress blouse bra underwear skirt pants trousers top robe towel swimsuit bikini",
    "bed": "bed beds sheets sheet pillow pillows bedroom hotel motel mattress",
    "body": "body bodies thigh thighs chest lap skin bare legs hips lips neck",
    "still": "still motionless lifeless limp unmoving cold pale stiff",
    "pool": "red puddle pool pools pooling stain stains spreading dripping drips splattered smeared dark crimson",
    "weapon": "barrel trigger blade blades knife knives sharp crack cracks bang bangs shots masked machete",
    "aim": "point points pointed pointing aim aims aimed raise raises raised level levels",
    "creepy": "grin grins grinning stare stares staring hollow teeth claws crawl crawls crawling twisted "
    "pale eyes glowing whispering rotten shadow shadows",
    "animal": "dog dogs puppy puppies cat cats kitten kittens bird birds rabbit rabbits hamster horse",
}


def _by_word(kinds: dict[str, str]) -> dict[str, frozenset[str]]:
    by_word: dict[str, frozenset[str]] = {}
    for kind, words in kinds.items():
        for word in words.split():
            by_word[word] = by_word.get(word, frozenset()) | {kind}
    return by_word


KIND_OF = _by_word(_KINDS)


def kinds_in(words: Iterable[str]) -> set[str]:
    """The kinds of thing the words name."""
    found: set[str] = set()
    for word in words:
        found |= KIND_OF.get(word, frozenset())
    return found
