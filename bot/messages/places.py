"""Where one lives (`/city 뉴욕`, `사는 곳 뉴욕`): to a child in 반말, to a parent in 해요체."""

from __future__ import annotations

from bot.wording import particle, spoken_time


def place_set(name: str, now: str, *, parent: bool) -> str:
    """The place is known: its time is said as it is there now (`아침 8시`), so a wrong city shows at once."""
    time = spoken_time(now)
    if parent:
        return f"이제 {name} 시간에 맞춰 보내 드릴게요. 지금 {name}{particle(name, '은', '는')} {time}이죠?"
    topic = particle(name, "은", "는")
    return f"좋아, 이제 {name} 시간에 맞춰 알려 줄게! 지금 {name}{topic} {time}{particle(time, '이지', '지')}?"


def place_unknown(example: str, *, parent: bool) -> str:
    if parent:
        return f"그곳은 아직 몰라요. 가까운 큰 도시 이름으로 알려 주세요: {example}"
    return f"그곳은 아직 몰라서 미안해. 가까운 큰 도시 이름으로 이렇게 알려 줄래: {example}"


def place_wide(choices: tuple[str, ...], *, parent: bool) -> str:
    """A country with several times: which city."""
    cities = ", ".join(choices)
    if parent:
        return f"그 나라는 시간이 여러 개라서 도시 이름이 필요해요. 예) {cities}"
    return f"그 나라는 넓어서 시간이 여러 개야. {cities}처럼 사는 도시를 알려 줄래?"


def place_shown(name: str, example: str, *, parent: bool) -> str:
    """No place given: the one used now (when it has a name) and how to change it."""
    if parent:
        now = f"지금은 {name} 시간에 맞춰 보내 드려요. " if name else ""
        return f"{now}다른 곳에 사시면 도시 이름을 알려 주세요: {example}"
    now = f"지금은 {name} 시간에 맞춰 알려 주고 있어. " if name else ""
    return f"{now}다른 곳에 살면 도시 이름을 알려 줘: {example}"
