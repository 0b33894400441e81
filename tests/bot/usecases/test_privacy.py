"""Privacy: no diary text or token in logs, /forget leaves nothing behind, retention, the notice."""

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot import messages
from bot.app import CORE, require_privacy_contact
from bot.errors import UsageError
from tests.support.fakes import FixedClock
from tests.support.kakao_helpers import outputs, payload, skill
from tests.support.telegram_helpers import code_for, say, texts, write_and_wait
from tests.support.telegram_stub import BotApiStub

KID, OTHER_PARENT, MOM = 701, 702, 402
MARKER = "비밀스러운보라색코끼리일기"


def files_containing(folder: Path, text: str) -> list[Path]:
    needle = text.encode()
    return [path for path in folder.rglob("*") if path.is_file() and needle in path.read_bytes()]


async def test_a_whole_conversation_logs_no_diary_text_name_or_token(serve, stub: BotApiStub, caplog) -> None:
    caplog.set_level(logging.INFO)
    client = await serve()
    await write_and_wait(stub, KID, [f"{MARKER} 오늘 친구 민수랑 놀았다"])
    await say(stub, KID, "/style 슬픔")
    await say(stub, KID, "죽고 싶다 " + MARKER)
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    stub.text(MOM, "/album")
    await stub.wait_for(lambda: any("/albums/" in text for text in texts(stub, MOM)), timeout=60)
    await skill(client, payload(f"{MARKER} 카카오 일기"))
    logged = caplog.text + " ".join(str(record.args) for record in caplog.records)
    assert caplog.records, "the conversation was logged"
    assert MARKER not in logged
    assert "민수" not in logged
    assert f"Kid{KID}" not in logged, "no names from Telegram"
    assert stub.token not in logged
    assert "TEST-TOKEN" not in logged


async def test_forget_asks_then_deletes_for_good(serve, stub: BotApiStub) -> None:
    client = await serve()
    data = Path(client.app[CORE].settings.data_dir)
    await write_and_wait(stub, KID, [f"{MARKER} 하나", f"{MARKER} 둘"])
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    drawings = list((data / "drawings").glob("*.png"))
    assert len(drawings) == 2
    assert files_containing(data, MARKER), "the diaries are stored"

    assert await say(stub, KID, "/forget") == messages.FORGET_ASK
    question = stub.sent("sendMessage", KID)[-1]
    button = question.params["reply_markup"]["inline_keyboard"][0][0]
    assert button["callback_data"] == "forget:self"
    assert files_containing(data, MARKER), "asking deletes nothing"

    stub.press(KID, "forget:self")
    await stub.wait_for(lambda: messages.FORGET_DONE in texts(stub, KID))
    await stub.wait_for(lambda: messages.CHILD_FORGOT in texts(stub, MOM))
    assert files_containing(data, MARKER) == [], "no file under the data folder holds the diary any more"
    assert not any(path.exists() for path in drawings)
    core = client.app[CORE]
    counts = await core.database.run(
        lambda db: [db[table].count for table in ("entries", "jobs", "drawings", "links", "link_codes")]
    )
    assert counts == [0, 0, 0, 0, 0]
    assert await say(stub, MOM, "/children") == messages.NO_CHILDREN


async def test_a_parent_can_delete_their_childs_data_only(serve, stub: BotApiStub) -> None:
    client = await serve()
    data = Path(client.app[CORE].settings.data_dir)
    await write_and_wait(stub, KID, [f"{MARKER} 셋"])
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    assert await say(stub, OTHER_PARENT, "/forget 1") == messages.FORGET_NOT_FOUND
    assert await say(stub, MOM, "/forget 1") == messages.forget_child_ask("민지", 1)
    before = len(texts(stub, KID))
    assert await say(stub, MOM, "/forget 1 confirm") == messages.forget_child_done("민지")
    assert files_containing(data, MARKER) == []
    await asyncio.sleep(0.3)
    assert len(texts(stub, KID)) == before, "the child is never told that a parent deleted their diaries"


async def test_kakao_forget_with_a_quick_reply(serve) -> None:
    client = await serve(telegram=False)
    data = Path(client.app[CORE].settings.data_dir)
    await skill(client, payload(f"{MARKER} 카카오"))
    _, answer, _ = await skill(client, payload("기록 삭제"))
    assert answer["template"]["quickReplies"][0]["messageText"] == "기록 삭제 확인"
    # The question names what to send as a Kakao child sends it: words, not a slash command.
    assert outputs(answer)[-1]["simpleText"]["text"] == messages.forget_ask("'기록 삭제 확인'")
    _, answer, _ = await skill(client, payload("기록 삭제 확인"))
    assert outputs(answer)[-1]["simpleText"]["text"].endswith(messages.FORGET_DONE)
    assert files_containing(data, MARKER) == []


async def test_retention_deletes_old_diaries_the_same_way(serve, stub: BotApiStub) -> None:
    clock = FixedClock(datetime.now(UTC))
    client = await serve(clock=clock, retention_days=30)
    core = client.app[CORE]
    data = Path(core.settings.data_dir)
    await write_and_wait(stub, KID, [f"{MARKER} 옛날에 바다에 갔다", "오늘 공원에 갔다"])
    old = next((data / "drawings").glob("*.png"))

    def age(db):
        with db.atomic():
            db.execute(
                "UPDATE entries SET created_at = '2020-01-01T00:00:00.000000Z' WHERE text LIKE ?", [f"{MARKER}%"]
            )
            db.execute(
                "UPDATE drawings SET image_path = ? WHERE entry_id = (SELECT id FROM entries WHERE text LIKE ?)",
                [old.name, f"{MARKER}%"],
            )

    await core.database.run(age)
    assert await core.services.privacy.expire_old() == 1
    assert files_containing(data, MARKER) == []
    assert not old.exists()
    remaining = await core.database.run(lambda db: [row["text"] for row in db["entries"].rows])
    assert remaining == ["오늘 공원에 갔다"]
    clock.advance(days=31)
    assert await core.services.privacy.expire_old() == 1
    assert timedelta(days=30) < timedelta(days=31)


async def test_privacy_notice(serve, stub: BotApiStub) -> None:
    await serve(privacy_contact="privacy@example.org")
    notice = await say(stub, MOM, "/privacy")
    assert notice == messages.privacy_notice(365, "privacy@example.org")
    # Complete: the nickname is kept, parents read the diaries, album links open for anyone who has them,
    # the messengers keep their own copies, server logs keep no diary, and who runs the bot.
    for part in (
        "만 14세 미만",
        "법정대리인",
        "/forget",
        "/forget 번호",
        "365일",
        "이름(별명)",
        "일기 글을 앨범으로",
        "누구나 열 수 있으니",
        "14일이 지나면",
        "텔레그램과 카카오톡도",
        "서버 로그",
        "운영·문의: privacy@example.org",
    ):
        assert part in notice
    # No reviewer is set: the notice promises no teacher, and says what stays after a case is looked at.
    assert "담당 선생님" not in notice
    assert "길어도 30일" in notice
    assert "이름과 메신저 번호 없이 기록으로 남아요" in notice


async def test_the_privacy_notice_names_the_reviewer_only_when_one_is_set(serve, stub: BotApiStub) -> None:
    await serve(privacy_contact="privacy@example.org", safeguarding_telegram_chat_id="-1001234567890")
    notice = await say(stub, MOM, "/privacy")
    assert notice == messages.privacy_notice(365, "privacy@example.org", reviewer=True)
    assert "담당 선생님(상담 선생님이나 운영자)에게 바로 알려요" in notice


async def test_privacy_notice_on_kakao_names_commands_in_words(serve) -> None:
    client = await serve(telegram=False, privacy_contact="privacy@example.org")
    _, answer, _ = await skill(client, payload("개인정보", user="kakao-mom"))
    notice = outputs(answer)[-1]["simpleText"]["text"]
    assert "'기록 삭제'" in notice
    assert "'기록 삭제 번호'" in notice
    assert "/" not in notice.replace("privacy@example.org", "")


def test_a_bot_on_the_full_profile_names_who_runs_it(make_settings) -> None:
    with pytest.raises(UsageError, match="CRAYON_PRIVACY_CONTACT"):
        require_privacy_contact(make_settings(privacy_contact=""), "full")
    require_privacy_contact(make_settings(privacy_contact="해님초 행정실"), "full")
    require_privacy_contact(make_settings(privacy_contact=""), "tiny")  # a try-out on tiny models
    with pytest.raises(UsageError):
        require_privacy_contact(make_settings(privacy_contact=" "), "auto")  # a cluster's replicas: full


async def test_forget_while_the_drawing_is_made_keeps_no_file_and_sends_nothing(serve, stub: BotApiStub) -> None:
    client = await serve(height=256, width=256, num_inference_steps=20)
    core = client.app[CORE]
    data = Path(core.settings.data_dir)
    stub.text(KID, f"{MARKER} 오늘은 바닷가에 갔다")
    await stub.wait_for(lambda: stub.sent("sendChatAction", KID))
    assert core.engine.busy, "the drawing is being made"
    stub.text(KID, "/forget confirm")
    await stub.wait_for(lambda: messages.FORGET_DONE in texts(stub, KID))
    while core.engine.busy or core.runner.current_jobs:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)
    assert texts(stub, KID)[-1] == messages.FORGET_DONE, "nothing follows the deletion"
    assert stub.sent("sendPhoto", KID) == []
    assert list((data / "drawings").glob("*.png")) == []
    assert files_containing(data, MARKER) == []
    counts = await core.database.run(lambda db: [db[table].count for table in ("users", "entries", "jobs")])
    assert counts == [0, 0, 0]


async def test_old_addresses_are_forgotten_a_month_after_they_stop_opening(serve, stub: BotApiStub) -> None:
    clock = FixedClock(datetime.now(UTC))
    client = await serve(clock=clock)
    core = client.app[CORE]
    await write_and_wait(stub, KID, ["놀이터에서 그네를 탔다"])
    await say(stub, KID, "/export")
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민지")
    stub.text(MOM, "/album")
    await stub.wait_for(lambda: any("/albums/" in text for text in texts(stub, MOM)), timeout=60)

    def counts(db) -> tuple[int, int]:
        return db["album_pages"].count, db["export_links"].count

    assert await core.database.run(counts) == (1, 1)
    clock.advance(days=14 + 29)
    await core.services.privacy.expire_old()
    assert await core.database.run(counts) == (1, 0), "the download stopped a day after; the album 14 days after"
    clock.advance(days=2)
    await core.services.privacy.expire_old()
    assert await core.database.run(counts) == (0, 0)
