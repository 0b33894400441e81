"""`내 기록 받기` / `/export`: one's drawings and diary texts as one zip, through an expiring address (a file in
the console), a parent's for their own children only and never a diary a child wrote in crisis."""

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from bot.app import CORE
from bot.messages import exports as texts
from bot.transports.console import ConsoleChat
from bot.usecases.exports import _unique
from storage.records import Platform
from tests.support.fakes import FixedClock
from tests.support.kakao_helpers import outputs, payload, skill
from tests.support.server import eventually
from tests.support.telegram_helpers import code_for, say, write_and_wait
from tests.support.telegram_stub import BotApiStub

KID, OTHER_KID, MOM = 811, 812, 813
URL = re.compile(r"http://127\.0\.0\.1:\d+(/exports/[A-Za-z0-9_-]+)")


async def download(client, text: str) -> zipfile.ZipFile:
    found = URL.search(text)
    assert found, text
    response = await client.get(found.group(1))
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''crayon-diary-")
    assert "no-store" in response.headers["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(await response.read()))


def pictures(archive: zipfile.ZipFile, folder: str) -> list[str]:
    names = [name for name in archive.namelist() if name.startswith(f"{folder}/") and name.endswith(".png")]
    for name in names:
        with Image.open(io.BytesIO(archive.read(name))) as image:
            assert image.format == "PNG"
            image.load()
    return names


async def test_a_child_downloads_its_own_drawings_and_words(serve, stub: BotApiStub) -> None:
    clock = FixedClock(datetime.now(UTC))
    client = await serve(clock=clock)
    assert await say(stub, KID, "/export") == texts.export_empty(parent=False)
    diaries = ["놀이터에서 그네를 탔다 🎠", "비가 와서 집에서 블록을 쌓았다"]
    await write_and_wait(stub, KID, diaries)

    answer = await say(stub, KID, "내 기록 받기")
    assert answer.startswith("네 그림이랑 일기를 한꺼번에 받을 수 있어.")
    archive = await download(client, answer)
    folder = texts.EXPORT_OWN_FOLDER
    assert len(pictures(archive, folder)) == 2
    diary_text = archive.read(f"{folder}/{texts.EXPORT_DIARY_FILE}").decode()
    for diary in diaries:
        assert diary in diary_text
    named = re.findall(r"그림: (\d{4}-\d\d-\d\d-[12]\.png)", diary_text)
    assert sorted(f"{folder}/{name}" for name in named) == sorted(pictures(archive, folder))
    assert texts.EXPORT_README_FILE in archive.namelist()

    # A day later the address no longer opens, and its page says how to get a new one on Telegram.
    clock.advance(days=1, minutes=1)
    old = await client.get(URL.search(answer).group(1))  # type: ignore[union-attr]
    assert old.status == 404
    assert "새 주소를 받으려면 크레용 일기에 보내 주세요: /export" in await old.text()
    fresh = await say(stub, KID, "/export")
    assert URL.search(fresh).group(1) != URL.search(answer).group(1)  # type: ignore[union-attr]
    assert len(pictures(await download(client, fresh), folder)) == 2


async def test_a_parent_gets_only_their_own_child_and_never_a_crisis_diary(serve, stub: BotApiStub) -> None:
    client = await serve()
    await write_and_wait(stub, KID, ["연결하기 전에 쓴 나만의 일기"])
    await say(stub, MOM, f"/link {await code_for(stub, KID)} 민/지")
    await write_and_wait(stub, KID, ["강아지랑 공원에서 뛰어놀았다"])
    await write_and_wait(stub, OTHER_KID, ["다른 집 비밀 이야기"])
    await say(stub, KID, "요즘 너무 힘들어서 죽고 싶어")

    answer = await say(stub, MOM, "/export")
    assert answer.startswith("아이의 그림과 일기를 압축 파일 하나로 받을 수 있어요.")
    archive = await download(client, answer)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode(errors="replace")
    assert "강아지랑 공원에서 뛰어놀았다" in everything
    assert "다른 집 비밀 이야기" not in everything
    assert "죽고 싶어" not in everything
    assert "연결하기 전에 쓴 나만의 일기" not in everything, "only what was written since the parent linked"
    assert len(pictures(archive, "민_지")) == 1, "a name cannot make a folder outside its own"
    assert all(not name.startswith(("/", "..")) for name in archive.namelist())

    # Unlinked, the same address gives nothing of the child any more.
    await say(stub, MOM, "/unlink")
    assert (await client.get(URL.search(answer).group(1))).status == 404  # type: ignore[union-attr]


async def test_forget_takes_the_download_addresses_with_it(serve, stub: BotApiStub) -> None:
    client = await serve()
    await write_and_wait(stub, KID, ["바다에서 조개를 주웠다"])
    address = URL.search(await say(stub, KID, "/export")).group(1)  # type: ignore[union-attr]
    assert (await client.get(address)).status == 200
    await say(stub, KID, "/forget confirm")
    gone = await client.get(address)
    assert gone.status == 404
    assert "카카오톡은 '내 기록 받기', 텔레그램은 /export" in await gone.text(), "not even its platform is known"


async def test_kakao_spells_it_in_words(serve) -> None:
    clock = FixedClock(datetime.now(UTC))
    client = await serve(telegram=False, clock=clock)
    await skill(client, payload("바다에 갔다", user="kakao-kid"))
    await eventually(lambda: client.app[CORE].queue.counts(), lambda counts: counts["done"] == 1, timeout=30)
    _, answer, _ = await skill(client, payload("내 기록 받기", user="kakao-kid"))
    text = next(output["simpleText"]["text"] for output in outputs(answer) if "simpleText" in output)
    assert len(pictures(await download(client, text), texts.EXPORT_OWN_FOLDER)) == 1
    clock.advance(days=2)
    old = await client.get(URL.search(text).group(1))  # type: ignore[union-attr]
    assert "새 주소를 받으려면 크레용 일기에 보내 주세요: '내 기록 받기'" in await old.text()


async def test_the_console_saves_the_zip_in_the_data_folder(serve, tmp_path: Path) -> None:
    client = await serve(telegram=False)
    services = client.app[CORE].services
    out = io.StringIO()
    chat = ConsoleChat(services, out, exports_dir=tmp_path / "exports")
    client.app[CORE].runner.deliveries.couriers[Platform.CONSOLE] = chat.courier
    await chat.handle("내 기록 받기")
    assert texts.export_empty(parent=False) in out.getvalue()
    await chat.handle("오늘 할머니 댁에서 수박을 먹었다")
    await chat.handle("/export")
    saved = next((tmp_path / "exports").glob("crayon-diary-*.zip"))
    assert str(saved) in out.getvalue()
    with zipfile.ZipFile(saved) as archive:
        assert "오늘 할머니 댁에서 수박을 먹었다" in archive.read(f"{texts.EXPORT_OWN_FOLDER}/일기.txt").decode()
        assert len(pictures(archive, texts.EXPORT_OWN_FOLDER)) == 1
    assert not list((tmp_path / "exports").glob("*.partial"))


def test_folder_names_differ_as_a_computer_blind_to_case_reads_them() -> None:
    used = {texts.EXPORT_README_FILE.casefold()}
    names = [_unique(name, used) for name in ("Mina", "mina", "MINA", texts.EXPORT_README_FILE)]
    assert names == ["Mina", "mina (2)", "MINA (3)", f"{texts.EXPORT_README_FILE} (2)"]
