"""The learned message reading ships with the weights its labelled messages give, and reads what a diary's
endings say (the past, the written-down -ㅁ) besides its letters."""

from __future__ import annotations

import pytest

from engine.learned import lines_digest_of
from engine.message_scorer import ASK_FROM, SHIPPED, Reading, features, read_message, shipped_scorer
from tests.support.learned import refit_at_the_shipped_threshold
from training.message_scorer import labelled_messages, lines_digest, train


def test_the_shipped_weights_were_trained_on_the_messages_there_are_now() -> None:
    # A message added or changed without `python -m training.message_scorer` fails here.
    assert lines_digest_of(SHIPPED) == lines_digest()
    messages = labelled_messages()
    assert sum(talk for _, talk in messages) >= 500
    assert sum(not talk for _, talk in messages) >= 2000


def test_training_again_gives_the_shipped_weights() -> None:
    assert refit_at_the_shipped_threshold(train, SHIPPED).threshold > ASK_FROM


def test_endings_are_read() -> None:
    assert {"past", "end:0"} <= features("어제 바다 갔어")  # 갔: the past; 어 ends it without a final
    assert "end:16" in features("자전거 탐")  # ㅁ
    assert "past" not in features("안녕 반가워")


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("오늘 동생이랑 눈사람을 만들었다", Reading.DIARY),
        ("학교에서 받아쓰기 백점 맞았어 ㅎㅎ", Reading.DIARY),
        ("안녕하세요", Reading.TALK),
        ("ㅋㅋㅋㅋㅋ", Reading.TALK),
        ("너 이름이 뭐야", Reading.TALK),
    ],
)
def test_plain_cases(text: str, reading: Reading) -> None:
    assert read_message(shipped_scorer(), text) is reading
