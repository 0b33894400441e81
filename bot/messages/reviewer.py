"""What the designated reviewer reads (a grown-up who helps children in crisis): 해요체, plain facts."""

from __future__ import annotations

from datetime import datetime

from bot.wording import full_date
from storage.safeguarding import Case

CRISIS_KINDS = {
    "self_harm": "죽고 싶은 마음이나 자해",
    "harm_home": "집에 있는 사람에게 맞거나 다침",
    "harm_adult": "다른 어른에게 맞거나 다침",
    "neglect": "돌봄을 받지 못함 (방임)",
    "secrecy": "어른이 비밀을 지키라고 함",
    "sexual": "성적인 피해",
    "fear_home": "집에 가기 무서워함",
    "bullying": "다른 아이들의 괴롭힘",
    "unknown": "모델이 위험하다고 읽음 (종류는 규칙이 찾지 못함)",
}
PLATFORM_NAMES = {"telegram": "텔레그램", "kakao": "카카오톡", "console": "콘솔"}


def safeguarding_alert(case: Case, when: datetime) -> str:
    """One alert per crisis diary, for the designated reviewer (never for a parent); `when` in their time zone."""
    diary = case.text if case.text is not None else "(보관 기간이 지나 지워졌어요)"
    return (
        f"🚨 도움이 필요한 아이의 일기 (사례 {case.id})\n"
        f"때: {full_date(when.date())} {when:%H:%M}\n"
        f"종류: {CRISIS_KINDS.get(case.kind, case.kind)}\n"
        f"집에 있는 어른이 나와요: {'예' if case.home_named else '아니요'}\n"
        f"아이: {case.child} ({PLATFORM_NAMES.get(case.platform, case.platform)})\n"
        f"일기: {diary}\n"
        f'살펴본 뒤: crayon safeguarding resolve {case.id} --note "…"'
    )
