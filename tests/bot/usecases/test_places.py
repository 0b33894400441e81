"""Where a child lives, said as a child says it: the zone its reminders follow, set by a city's name."""

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app import open_storage
from bot.domain import CommandName
from bot.messages import places as texts
from bot.usecases.commands import Command, parse_command
from bot.usecases.conversation import Conversation
from bot.usecases.places import ZONES, name_of, place_of
from bot.usecases.services import Services
from storage.records import Contact, Platform
from storage.store import Storage
from tests.support.fakes import FixedClock, RecordingOutbound
from tests.support.telegram_helpers import code_for, say
from tests.support.telegram_stub import BotApiStub

NEW_YORK = ZoneInfo("America/New_York")
KID = Contact(Platform.TELEGRAM, "kid", "kid")


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("뉴욕", "America/New_York"),
        ("뉴 욕", "America/New_York"),
        ("New York", "America/New_York"),
        ("NYC", "America/New_York"),
        ("뉴욕이야", "America/New_York"),
        ("뉴욕에 살아", "America/New_York"),
        ("뉴욕에서 살아요", "America/New_York"),
        ("엘에이", "America/Los_Angeles"),
        ("LA", "America/Los_Angeles"),
        ("로스앤젤레스", "America/Los_Angeles"),
        ("시애틀!!", "America/Los_Angeles"),
        ("토론토", "America/Toronto"),
        ("밴쿠버", "America/Vancouver"),
        ("하와이", "Pacific/Honolulu"),
        ("시카고", "America/Chicago"),
        ("도쿄", "Asia/Tokyo"),
        ("일본", "Asia/Tokyo"),
        ("상해", "Asia/Shanghai"),
        ("베트남", "Asia/Ho_Chi_Minh"),
        ("싱가폴", "Asia/Singapore"),
        ("런던", "Europe/London"),
        ("독일", "Europe/Berlin"),
        ("시드니", "Australia/Sydney"),
        ("서울", "Asia/Seoul"),
        ("부산", "Asia/Seoul"),
        ("서울시", "Asia/Seoul"),
        ("한국", "Asia/Seoul"),
        ("괌", "Pacific/Guam"),
        ("화성", None),
        ("우리집", None),
        ("학교 앞", None),
        ("", None),
        ("미국", None),
    ],
)
def test_places_as_children_say_them(said: str, zone: str | None) -> None:
    assert place_of(said).zone == zone


def test_a_wide_country_asks_for_a_city_and_every_zone_is_real() -> None:
    assert place_of("미국").choices == ("뉴욕", "시카고", "엘에이")
    assert place_of("호주").choices[0] == "시드니"
    assert place_of("화성").choices == ()
    for zone in ZONES:
        assert ZoneInfo(zone).key == zone
    words = [word for names in ZONES.values() for word in names]
    assert len(words) == len(set(words)), "a word names one place"
    assert name_of("Asia/Seoul") == "서울"
    assert name_of("UTC") == ""


def test_the_command_in_words_and_slashes() -> None:
    assert parse_command("/city 뉴욕") == Command(CommandName.CITY, "뉴욕")
    assert parse_command("사는 곳 엘 에이") == Command(CommandName.CITY, "엘 에이")
    assert parse_command("사는 곳") == Command(CommandName.CITY)
    assert parse_command("사는 곳이 바뀌어서 슬펐다") is None, "a diary stays a diary"


@pytest.fixture
def storage(make_settings) -> Iterator[Storage]:
    opened = open_storage(make_settings())
    yield opened
    opened.database.close()


async def test_a_child_abroad_is_reminded_in_its_own_evening(make_settings, storage: Storage) -> None:
    clock = FixedClock(datetime(2026, 11, 26, 8, 5, tzinfo=NEW_YORK))
    services = Services.build(make_settings(), storage, clock)
    outbound = RecordingOutbound()
    services.outbox.by_platform["telegram"] = outbound
    conversation = Conversation(services)

    assert await conversation.answer(KID, Command(CommandName.CITY)) == texts.place_shown(
        "서울", "/city 뉴욕", parent=False
    )
    answer = await conversation.answer(KID, Command(CommandName.CITY, "뉴욕이야"))
    assert answer == "좋아, 이제 뉴욕 시간에 맞춰 알려 줄게! 지금 뉴욕은 아침 8시 5분이지?"
    assert (await storage.diaries.ensure_user(KID)).timezone == "America/New_York"
    assert await conversation.answer(KID, Command(CommandName.CITY, "미국")) == texts.place_wide(
        ("뉴욕", "시카고", "엘에이"), parent=False
    )
    assert await conversation.answer(KID, Command(CommandName.CITY, "화성")) == texts.place_unknown(
        "/city 뉴욕", parent=False
    )
    assert (await storage.diaries.ensure_user(KID)).timezone == "America/New_York", "an unknown place changes nothing"

    clock.moment = datetime(2026, 11, 27, 20, 30, tzinfo=ZoneInfo("Asia/Seoul"))  # Seoul's evening: morning there
    assert await services.reminders.send_due() == 0
    clock.moment = datetime(2026, 11, 26, 20, 30, tzinfo=NEW_YORK)
    assert await services.reminders.send_due() == 1
    assert [user for user, _ in outbound.texts] == ["kid"]


async def test_a_parent_is_answered_politely_through_telegram(serve, stub: BotApiStub) -> None:
    await serve()
    await say(stub, 901, "/start")
    assert (await say(stub, 902, "사는 곳 도쿄")).startswith("좋아, 이제 도쿄 시간에 맞춰 알려 줄게!")
    await say(stub, 903, f"/link {await code_for(stub, 901)} 민지")
    answer = await say(stub, 903, "/city 런던")
    assert answer.startswith("이제 런던 시간에 맞춰 보내 드릴게요. 지금 런던은 ")
    assert answer.endswith("이죠?")
