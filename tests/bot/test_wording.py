"""Particles follow the last syllable (민지와 / 서준과, 민지가 / 하늘이), dates for grown-ups carry the year."""

from datetime import UTC, date, datetime

import pytest

from bot import messages
from bot.wording import full_date, month_day, particle


@pytest.mark.parametrize(
    ("word", "with_and", "subject"),
    [("민지", "와", "가"), ("서준", "과", "이"), ("하늘", "과", "이"), ("아이 1", "과", "이"), ("아이 2", "와", "가")],
)
def test_particles_follow_the_last_syllable(word: str, with_and: str, subject: str) -> None:
    assert particle(word, "과", "와") == with_and
    assert particle(word, "이", "가") == subject


def test_no_text_writes_both_particles() -> None:
    texts = [
        messages.linked_parent("서준", "일요일", "19:00"),
        messages.already_linked("민지"),
        messages.unlinked("서준"),
    ]
    texts.append(messages.distress_note("민지", [date(2026, 12, 4)]))
    assert not any(both in text for text in texts for both in ("와(과)", "이(가)", "을(를)", "은(는)"))
    assert messages.distress_note("민지", [date(2026, 12, 4)]).startswith("민지가 2026년 12월 4일 (금)")
    assert full_date(date(2026, 12, 4)) == "2026년 12월 4일 (금)"


def test_a_drawings_day_is_the_day_where_the_child_lives() -> None:
    # 08:30 in Seoul on the 5th is 23:30 UTC on the 4th: the child made it on the 5th.
    morning = datetime(2026, 12, 4, 23, 30, tzinfo=UTC)
    assert month_day(morning, "Asia/Seoul") == "12/05"
    assert month_day(morning, "UTC") == "12/04"
    assert month_day(datetime(2026, 12, 31, 16, 0, tzinfo=UTC), "Asia/Seoul") == "01/01"
