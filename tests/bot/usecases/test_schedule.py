"""Reminders and weekly albums decided by a clock the test controls, on a real SQLite file."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import messages
from bot.app import open_storage
from bot.usecases.albums import week_start
from bot.usecases.services import Services
from bot.usecases.times import at_night, parse_time
from bot.wording import spoken_time
from storage.records import Contact, Platform, format_time
from storage.store import Storage
from tests.support.fakes import FixedClock, RecordingOutbound

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")


def seoul(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def storage(make_settings) -> Iterator[Storage]:
    opened = open_storage(make_settings())
    yield opened
    opened.database.close()


@pytest.fixture
def clock() -> FixedClock:
    # Thursday 2026-11-26, 12:00 in Seoul.
    return FixedClock(seoul(2026, 11, 26, 12, 0))


@pytest.fixture
def outbound() -> RecordingOutbound:
    return RecordingOutbound()


@pytest.fixture
def scheduled(make_settings, storage: Storage, clock: FixedClock, outbound: RecordingOutbound) -> Services:
    built = Services.build(make_settings(), storage, clock)
    built.outbox.by_platform["telegram"] = outbound
    built.outbox.by_platform["kakao"] = outbound
    return built


async def child(
    storage: Storage,
    name: str,
    *,
    timezone: str = "Asia/Seoul",
    wrote_at: datetime | None = None,
    platform: Platform = Platform.TELEGRAM,
) -> int:
    """A child who wrote one diary at `wrote_at` (by default the evening before 2026-11-26)."""
    user = await storage.diaries.ensure_user(Contact(platform, name, name), timezone=timezone)
    moment = wrote_at or seoul(2026, 11, 25, 18, 0)

    def insert(db):
        with db.atomic():
            db.execute(
                "INSERT INTO entries (user_id, text, status, created_at) VALUES (?, ?, 'drawn', ?)",
                [user.id, f"{name}의 일기", format_time(moment)],
            )

    await storage.database.run(insert)
    return user.id


def is_reminder(text: str) -> bool:
    return text.split("\n")[0] in messages.REMINDERS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20:30", "20:30"),
        ("8:05", "20:05"),  # 1 to 11 without 아침 or 오전: the evening
        ("08:05", "08:05"),  # written with its zero: the clock's own time
        ("20시", "20:00"),
        ("20시 30분", "20:30"),
        ("7시30분", "19:30"),
        ("7시", "19:00"),
        ("7시 반", "19:30"),
        ("저녁 7시 30분", "19:30"),
        ("저녁 7시에", "19:00"),
        ("아침 7시", "07:00"),
        ("오전 7시 반", "07:30"),
        ("오후 3시", "15:00"),
        ("낮 12시", "12:00"),
        ("밤 9시", "21:00"),
        ("일곱 시 반", "19:30"),
        ("새벽 3시", "03:00"),
        ("밤 1시", "01:00"),  # one in the night, not in the afternoon
        ("밤 12시", "00:00"),
        ("7시로 바꿔줘", "19:00"),
        ("저녁 7시 반으로 해 줘", "19:30"),
        ("아침 13시", None),
        ("24:00", None),
        ("20:75", None),
        ("저녁", None),
        ("", None),
        ("20", None),
    ],
)
def test_parse_time(text: str, expected: str | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("time", "said", "night"),
    [
        ("19:00", "저녁 7시", False),
        ("19:30", "저녁 7시 반", False),
        ("07:05", "아침 7시 5분", False),
        ("12:00", "낮 12시", False),
        ("15:00", "오후 3시", False),
        ("21:59", "저녁 9시 59분", False),
        ("22:00", "밤 10시", True),
        ("03:00", "새벽 3시", True),
        ("06:00", "아침 6시", False),
    ],
)
def test_times_are_said_as_children_say_them_and_the_night_is_no_time(time: str, said: str, night: bool) -> None:
    assert spoken_time(time) == said
    assert at_night(time) is night


async def test_a_reminder_is_due_at_its_time_until_the_grace_ends(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid")
    for moment, sent in [
        (seoul(2026, 11, 26, 20, 29), 0),
        (seoul(2026, 11, 26, 20, 30), 1),
        (seoul(2026, 11, 26, 20, 45), 0),  # already sent today
        (seoul(2026, 11, 27, 20, 30), 1),  # the next day
    ]:
        clock.moment = moment
        assert await scheduled.reminders.send_due() == sent, moment
    assert [user for user, _ in outbound.texts] == ["kid", "kid"]
    assert all(is_reminder(text) for _, text in outbound.texts)


async def test_a_late_start_sends_within_the_grace_not_after(storage, scheduled, clock, outbound) -> None:
    await child(storage, "early")
    await child(storage, "late")
    clock.moment = seoul(2026, 11, 26, 22, 29)  # down since 20:00, back within two hours
    assert await scheduled.reminders.send_due() == 2
    clock.moment = seoul(2026, 11, 27, 22, 31)  # down all evening the next day: too late to remind
    assert await scheduled.reminders.send_due() == 0


async def test_no_reminder_after_writing_today(storage, scheduled, clock, outbound) -> None:
    await child(storage, "wrote", wrote_at=seoul(2026, 11, 26, 7, 0))
    await child(storage, "did-not")
    clock.moment = seoul(2026, 11, 26, 20, 30)
    assert await scheduled.reminders.send_due() == 1
    assert [user for user, _ in outbound.texts] == ["did-not"]


async def test_yesterday_evening_in_utc_is_today_in_seoul(storage, scheduled, clock, outbound) -> None:
    # 2026-11-26 00:30 Seoul is 2026-11-25 15:30 UTC: it counts as writing on the 26th in Seoul.
    await child(storage, "kid", wrote_at=seoul(2026, 11, 26, 0, 30))
    clock.moment = seoul(2026, 11, 26, 20, 30)
    assert await scheduled.reminders.send_due() == 0


async def test_time_zones_are_each_childs_own(storage, scheduled, clock, outbound) -> None:
    await child(storage, "seoul-kid")
    await child(storage, "ny-kid", timezone="America/New_York")
    clock.moment = datetime(2026, 11, 26, 20, 30, tzinfo=NEW_YORK)  # 10:30 the next morning in Seoul
    assert await scheduled.reminders.send_due() == 1
    assert [user for user, _ in outbound.texts] == ["ny-kid"]


async def test_a_restart_in_the_middle_never_sends_twice(make_settings, storage, clock, outbound) -> None:
    await child(storage, "kid")
    clock.moment = seoul(2026, 11, 26, 20, 31)
    for _ in range(3):  # three "processes" one after another, each with a fresh scheduler
        restarted = Services.build(make_settings(), storage, clock)
        restarted.outbox.by_platform["telegram"] = outbound
        await restarted.reminders.send_due()
        clock.advance(minutes=5)
    assert len(outbound.texts) == 1


async def test_remind_settings_off_on_and_time(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid")
    sender = Contact(Platform.TELEGRAM, "kid", "kid")
    assert (await scheduled.reminders.change(sender, "끄기")).status == "off"
    clock.moment = seoul(2026, 11, 26, 20, 30)
    assert await scheduled.reminders.send_due() == 0
    change = await scheduled.reminders.change(sender, "19:00")
    assert (change.status, change.time, change.on) == ("set", "19:00", True)
    assert await scheduled.reminders.send_due() == 1  # 20:30 is within 19:00 + 2 h
    assert (await scheduled.reminders.change(sender, "늦게")).status == "invalid"
    shown = await scheduled.reminders.change(sender, None)
    assert (shown.status, shown.time, shown.on) == ("shown", "19:00", True)


async def test_a_blocked_child_does_not_stop_the_others(storage, scheduled, clock, outbound) -> None:
    for name in ("a", "blocked", "c"):
        await child(storage, name)
    outbound.blocked = {"blocked"}
    clock.moment = seoul(2026, 11, 26, 20, 30)
    assert await scheduled.reminders.send_due() == 2
    clock.advance(minutes=1)
    assert await scheduled.reminders.send_due() == 0, "a blocked user is not retried every minute"


async def test_send_now_ignores_the_time_of_day(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid")
    await child(storage, "wrote", wrote_at=seoul(2026, 11, 26, 9, 0))
    clock.moment = seoul(2026, 11, 26, 12, 0)
    assert await scheduled.reminders.send_due(any_time=True) == 1
    assert await scheduled.reminders.send_due(any_time=True) == 0


async def test_reminder_texts_vary_but_a_retry_repeats_and_each_says_how_to_stop() -> None:
    texts = {messages.reminder(7, f"2026-11-{day:02d}", "/remind 끄기") for day in range(1, 29)}
    assert len(texts) >= 5
    assert all(text.endswith("(알림을 그만 받으려면 /remind 끄기)") for text in texts)
    assert messages.reminder(7, "2026-11-26", "x") == messages.reminder(7, "2026-11-26", "x")


@pytest.mark.parametrize(
    ("quiet_days", "reminded"),
    [
        (1, True),
        (2, True),
        (3, True),
        (4, False),
        (5, True),
        (6, False),
        (7, True),
        (8, False),
        (13, False),
        (14, True),
    ],
)
async def test_reminders_do_not_nag_a_child_who_stopped_writing(
    storage, scheduled, clock, outbound, quiet_days: int, reminded: bool
) -> None:
    await child(storage, "kid", wrote_at=seoul(2026, 11, 1, 9, 0))
    clock.moment = seoul(2026, 11, 1 + quiet_days, 20, 30)
    assert await scheduled.reminders.send_due() == int(reminded)


async def test_a_kakao_child_is_told_to_stop_in_words(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid", platform=Platform.KAKAO)
    clock.moment = seoul(2026, 11, 26, 20, 30)
    assert await scheduled.reminders.send_due() == 1
    assert outbound.texts[0][1].endswith("(알림을 그만 받으려면 '알림 끄기')")


# -- albums ----------------------------------------------------------------------------------------


async def linked(storage: Storage, scheduled: Services, clock: FixedClock, parent: str, kid: str) -> None:
    child_sender = Contact(Platform.TELEGRAM, kid, kid)
    code = await scheduled.family.parent_code(child_sender)
    outcome = await scheduled.family.link(Contact(Platform.TELEGRAM, parent, parent), f"{code} {kid}")
    assert outcome.status == "linked"


def test_week_start_is_monday_in_the_time_zone() -> None:
    assert week_start(seoul(2026, 11, 29, 23, 0), "Asia/Seoul") == date(2026, 11, 23)
    assert week_start(seoul(2026, 11, 30, 0, 30), "Asia/Seoul") == date(2026, 11, 30)
    # Monday 00:30 in Seoul is still Sunday in UTC: the week is the parent's.
    assert week_start(seoul(2026, 11, 30, 0, 30).astimezone(UTC), "UTC") == date(2026, 11, 23)


async def test_the_album_is_due_sunday_evening_and_goes_once(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid")
    await linked(storage, scheduled, clock, "mom", "kid")
    for moment, sent in [
        (seoul(2026, 11, 29, 18, 59), 0),
        (seoul(2026, 11, 29, 19, 0), 1),
        (seoul(2026, 11, 29, 21, 0), 0),
        (seoul(2026, 11, 30, 9, 0), 0),
    ]:
        clock.moment = moment
        assert await scheduled.albums.send_due() == sent, moment
    ((parent, album),) = outbound.albums
    assert parent == "mom"
    assert album.album.week_start == date(2026, 11, 23)


async def test_an_album_missed_on_sunday_goes_monday_morning(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid")
    await linked(storage, scheduled, clock, "dad", "kid")
    clock.moment = seoul(2026, 11, 30, 8, 0)  # the bot was down Sunday evening
    assert await scheduled.albums.send_due() == 1
    assert outbound.albums[0][1].album.week_start == date(2026, 11, 23)
    clock.moment = seoul(2026, 12, 1, 8, 0)
    assert await scheduled.albums.send_due() == 0


async def test_one_unreachable_parent_never_stops_the_rest(storage, scheduled, clock, outbound) -> None:
    for parent, kid in [("p1", "k1"), ("blocked-parent", "k2"), ("p3", "k3")]:
        await child(storage, kid)
        await linked(storage, scheduled, clock, parent, kid)
    outbound.blocked = {"blocked-parent"}
    clock.moment = seoul(2026, 11, 29, 19, 0)
    assert await scheduled.albums.send_due() == 2
    assert sorted(parent for parent, _ in outbound.albums) == ["p1", "p3"]


async def test_albums_now_sends_this_or_last_week_to_every_parent(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid")
    await linked(storage, scheduled, clock, "mom", "kid")
    assert await scheduled.albums.send_due(every_link_now=True) == 1
    assert await scheduled.albums.send_due(every_link_now=True, last_week=True) == 1
    weeks = [album.album.week_start for _, album in outbound.albums]
    assert weeks == [date(2026, 11, 23), date(2026, 11, 16)]
    clock.moment = seoul(2026, 11, 29, 19, 0)
    assert await scheduled.albums.send_due() == 1, "a send-now does not replace the weekly album"


async def test_reminders_skip_parents_who_never_wrote(storage, scheduled, clock, outbound) -> None:
    await child(storage, "kid")
    await linked(storage, scheduled, clock, "mom", "kid")
    clock.moment = seoul(2026, 11, 26, 20, 30)
    assert await scheduled.reminders.send_due() == 1
    reminded = [user for user, text in outbound.texts if is_reminder(text)]
    assert reminded == ["kid"]


async def test_a_child_who_only_said_hello_is_reminded_too(storage, scheduled, clock, outbound) -> None:
    await scheduled.reminders.change(Contact(Platform.TELEGRAM, "new-kid", "new-kid"), None)  # /remind: the user exists
    await child(storage, "kid")
    clock.moment = seoul(2026, 11, 26, 20, 30)
    assert await scheduled.reminders.send_due() == 2
    reminded = sorted(user for user, text in outbound.texts if is_reminder(text))
    assert reminded == ["kid", "new-kid"]


async def test_a_child_who_never_wrote_is_reminded_three_evenings_then_less(
    storage, scheduled, clock, outbound
) -> None:
    await storage.diaries.ensure_user(Contact(Platform.TELEGRAM, "new", "new"))
    sent_on = []
    for day in range(1, 26):
        clock.moment = seoul(2026, 12, day, 20, 30)
        if await scheduled.reminders.send_due():
            sent_on.append(day)
    assert sent_on == [1, 2, 3, 5, 7, 14, 21]
