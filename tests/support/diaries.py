"""Diaries the tests write: a few sample ones, and where the 30 labelled ones lie when they are beside the checkout."""

from __future__ import annotations

from tests.support.settings import REPO

SHARED_DIARIES = REPO.parent / "shared" / "data" / "diaries.jsonl"

SAMPLE_DIARIES = [
    "오늘 학교 끝나고 친구랑 놀이터에서 그네를 탔다. 하늘까지 날아가는 것 같았다.",
    "비가 와서 밖에 못 나가고 창문만 바라봤다. 심심하고 슬펐다.",
    "강아지가 꼬리를 흔들었다",
]
