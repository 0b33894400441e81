"""Kakao skill calls for the tests: SkillPayloads in Kakao's documented format, sent to the real server."""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp.test_utils import TestClient

from bot.app import SETTINGS

# What the test servers use for CRAYON_KAKAO_SKILL_SECRET unless a test says otherwise.
TEST_SKILL_SECRET = "test-skill-secret-0123456789abcdef"


def payload(utterance: Any, *, user: str = "kakao-kid-1", callback: str | None = None, bot_id: str = "bot-1") -> dict:
    """A SkillPayload as Kakao i Open Builder documents it."""
    user_request: dict[str, Any] = {
        "timezone": "Asia/Seoul",
        "params": {"ignoreMe": "true"},
        "block": {"id": "block-1", "name": "일기"},
        "utterance": utterance,
        "lang": None,
        "user": {"id": user, "type": "botUserKey", "properties": {"botUserKey": user, "plusfriendUserKey": "pf-1"}},
    }
    if callback:
        user_request["callbackUrl"] = callback
    return {
        "intent": {"id": "intent-1", "name": "일기"},
        "userRequest": user_request,
        "bot": {"id": bot_id, "name": "크레용 일기"},
        "action": {"name": "diary", "clientExtra": None, "params": {}, "id": "action-1", "detailParams": {}},
    }


def skill_path(client: TestClient) -> str:
    """The server's skill URL path: /kakao/<secret>/skill (or /kakao/skill when Kakao is off, which is 404)."""
    secret = client.app[SETTINGS].kakao_skill_secret
    if secret is None:
        return "/kakao/skill"
    return f"/kakao/{secret.get_secret_value()}/skill"


async def skill(
    client: TestClient, body: Any, path: str | None = None, *, headers: dict[str, str] | None = None
) -> tuple[int, Any, float]:
    """POST `body` to the skill (at its secret path unless `path` is given): status, answer, seconds."""
    started = time.monotonic()
    data = body if isinstance(body, bytes) else json.dumps(body)
    sent = {"Content-Type": "application/json", **(headers or {})}
    response = await client.post(path or skill_path(client), data=data, headers=sent)
    elapsed = time.monotonic() - started
    try:
        answer = await response.json()
    except Exception:
        answer = await response.text()
    return response.status, answer, elapsed


def outputs(answer: dict) -> list[dict]:
    return answer["template"]["outputs"]


def texts(answer: dict) -> str:
    return "\n".join(output["simpleText"]["text"] for output in outputs(answer) if "simpleText" in output)


def labels(answer: dict) -> list[str]:
    return [reply["label"] for reply in answer["template"].get("quickReplies", [])]
