"""Where a child lives, said as a child says it (`뉴욕`, `엘에이`, `도쿄`): the time zone its reminders and
album days follow."""

from __future__ import annotations

from dataclasses import dataclass

# Each zone and the words for it: cities first (the first is how it is said back), then its country where
# the country has one time. Korean, as children write it, and the English a child abroad may type.
ZONES: dict[str, tuple[str, ...]] = {
    "Asia/Seoul": ("서울", "부산", "인천", "대구", "대전", "광주", "울산", "제주", "한국", "korea", "seoul"),
    "Asia/Tokyo": ("도쿄", "동경", "오사카", "일본", "tokyo", "japan"),
    "Asia/Shanghai": ("베이징", "북경", "상하이", "상해", "칭다오", "중국", "beijing", "shanghai", "china"),
    "Asia/Hong_Kong": ("홍콩", "hongkong"),
    "Asia/Taipei": ("타이베이", "대만", "taipei", "taiwan"),
    "Asia/Singapore": ("싱가포르", "싱가폴", "singapore"),
    "Asia/Ho_Chi_Minh": ("호찌민", "호치민", "하노이", "다낭", "베트남", "hanoi", "vietnam"),
    "Asia/Bangkok": ("방콕", "태국", "bangkok", "thailand"),
    "Asia/Manila": ("마닐라", "세부", "필리핀", "manila", "philippines"),
    "Asia/Jakarta": ("자카르타", "jakarta"),
    "Asia/Kuala_Lumpur": ("쿠알라룸푸르", "말레이시아", "malaysia"),
    "Asia/Ulaanbaatar": ("울란바토르", "몽골", "mongolia"),
    "Asia/Almaty": ("알마티", "almaty"),
    "Asia/Tashkent": ("타슈켄트", "우즈베키스탄", "uzbekistan"),
    "Asia/Dubai": ("두바이", "아부다비", "dubai"),
    "Asia/Kolkata": ("뭄바이", "델리", "뉴델리", "인도", "india"),
    "Europe/London": ("런던", "영국", "london"),
    "Europe/Paris": ("파리", "프랑스", "paris", "france"),
    "Europe/Berlin": ("베를린", "프랑크푸르트", "뮌헨", "독일", "berlin", "germany"),
    "Europe/Madrid": ("마드리드", "바르셀로나", "스페인", "spain"),
    "Europe/Rome": ("로마", "밀라노", "이탈리아", "italy"),
    "Europe/Amsterdam": ("암스테르담", "네덜란드", "amsterdam"),
    "Europe/Moscow": ("모스크바", "moscow"),
    "America/New_York": (
        "뉴욕",
        "보스턴",
        "워싱턴",
        "애틀랜타",
        "필라델피아",
        "마이애미",
        "뉴저지",
        "newyork",
        "ny",
        "nyc",
    ),
    "America/Toronto": ("토론토", "몬트리올", "오타와", "toronto"),
    "America/Chicago": ("시카고", "댈러스", "달라스", "휴스턴", "오스틴", "chicago", "dallas", "houston"),
    "America/Denver": ("덴버", "denver"),
    "America/Phoenix": ("피닉스", "phoenix"),
    "America/Los_Angeles": (
        "로스앤젤레스",
        "엘에이",
        "la",
        "샌프란시스코",
        "샌디에이고",
        "시애틀",
        "라스베이거스",
        "라스베가스",
        "샌프란",
        "얼바인",
        "losangeles",
        "seattle",
    ),
    "America/Vancouver": ("밴쿠버", "vancouver"),
    "America/Anchorage": ("앵커리지", "알래스카", "alaska"),
    "Pacific/Honolulu": ("하와이", "호놀룰루", "hawaii"),
    "America/Mexico_City": ("멕시코시티", "멕시코", "mexico"),
    "America/Sao_Paulo": ("상파울루", "브라질", "brazil"),
    "America/Argentina/Buenos_Aires": ("부에노스아이레스", "아르헨티나", "argentina"),
    "Australia/Sydney": ("시드니", "멜버른", "캔버라", "sydney", "melbourne"),
    "Australia/Brisbane": ("브리즈번", "brisbane"),
    "Australia/Perth": ("퍼스", "perth"),
    "Pacific/Auckland": ("오클랜드", "웰링턴", "뉴질랜드", "auckland", "newzealand"),
    "Pacific/Guam": ("괌", "사이판", "guam"),
}
WIDE = {
    "미국": ("뉴욕", "시카고", "엘에이"),
    "usa": ("뉴욕", "시카고", "엘에이"),
    "america": ("뉴욕", "시카고", "엘에이"),
    "캐나다": ("토론토", "밴쿠버"),
    "canada": ("토론토", "밴쿠버"),
    "호주": ("시드니", "브리즈번", "퍼스"),
    "australia": ("시드니", "브리즈번", "퍼스"),
    "러시아": ("모스크바",),
}
"""Countries with more than one time: the child is asked for a city, with these as examples."""
_PLACES = {word: zone for zone, words in ZONES.items() for word in words}
_ENDINGS = ("살고있어", "살아", "에서", "이에요", "에요", "이요", "요", "이야", "야", "에", "시")


@dataclass(frozen=True)
class Place:
    """What a child's words for a place came to: a zone and the city as said back, or, for a country with
    several times, the cities to choose from; neither when the place is unknown."""

    zone: str | None = None
    name: str = ""
    choices: tuple[str, ...] = ()


def place_of(words: str) -> Place:
    """The place in `words` (`뉴욕`, `엘 에이`, `뉴욕이야`, `서울시에 살아`, `New York`, `미국 뉴욕`, `미국`): a
    city anywhere in them first, else a country with several times."""
    said = [_plain(words), *(_plain(word) for word in words.split())]
    stems = [stem for form in said for stem in _stems(form)]
    for stem in stems:
        if stem in _PLACES:
            zone = _PLACES[stem]
            return Place(zone, stem if not stem.isascii() else ZONES[zone][0])
    return next((Place(choices=WIDE[stem]) for stem in stems if stem in WIDE), Place())


def _plain(text: str) -> str:
    return "".join(char for char in text.lower() if char.isalnum())


def _stems(word: str) -> list[str]:
    """`word` and what is left of it without up to three endings (`서울시에살아요` → … → `서울`)."""
    found = [word]
    for _ in range(3):
        found += [form.removesuffix(end) for form in found for end in _ENDINGS if form.endswith(end) and form != end]
    return list(dict.fromkeys(form for form in found if form))


def name_of(zone: str) -> str:
    """How a child says the place of `zone` (`Asia/Seoul` → `서울`); empty for a zone no word here names."""
    words = ZONES.get(zone, ())
    return words[0] if words else ""
