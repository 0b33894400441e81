"""The monthly 그림일기 book, read back with a PDF library: a cover, one numbered page per drawn diary in date
order, the pen font embedded; made from a real SQLite file and real PNG files, and by `crayon book`."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from pypdf import PdfReader

from bot import messages
from bot.app import CORE, open_storage
from bot.cli import main
from bot.cli.common import EXIT_OK
from bot.messages import albums as album_texts
from bot.usecases.book import BookDiary, BookService, write_book
from bot.usecases.diary_page import HEIGHT as PAGE_HEIGHT
from bot.usecases.diary_page import WIDTH as PAGE_WIDTH
from bot.usecases.handover import Handover
from storage.records import Contact, EntryStatus, Platform
from storage.store import Storage
from tests.support.drawings import recorded
from tests.support.fakes import FixedClock
from tests.support.kakao_helpers import payload, skill
from tests.support.kakao_helpers import texts as kakao_texts
from tests.support.server import eventually
from tests.support.telegram_helpers import CODE, code_for, say, write_and_wait
from tests.support.telegram_stub import BotApiStub

KID = Contact(Platform.TELEGRAM, "31", "31")
MOM = Contact(Platform.TELEGRAM, "32", "32")


def png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(out, format="PNG")
    return out.getvalue()


def fonts(reader: PdfReader) -> set[tuple[str, bool]]:
    """Each font the pages use, and whether its file is embedded."""
    found = set()
    for page in reader.pages:
        resources: Any = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            found.add((str(font["/BaseFont"]), "/FontFile2" in descriptor))
    return found


def test_a_book_has_a_cover_then_a_numbered_page_per_diary_in_date_order() -> None:
    diaries = [BookDiary(date(2026, 12, day), f"{day}일의 일기", png((200, 10 * day, 90))) for day in (9, 2, 30, 15)]
    reader = PdfReader(io.BytesIO(write_book("민지", date(2026, 12, 1), diaries)))
    assert len(reader.pages) == 5
    cover = reader.pages[0].extract_text()
    assert "민지의 2026년 12월" in cover
    assert "일기 4편" in cover
    assert [reader.pages[number].extract_text().strip() for number in range(1, 5)] == ["2", "3", "4", "5"]
    [(font, embedded)] = fonts(reader)
    assert "NanumPen" in font
    assert embedded, "the pen font travels inside the PDF"
    width, height = (float(value) for value in reader.pages[1].mediabox.upper_right)
    assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (148, 210), "A5 portrait"
    images = [page.images[0] for page in reader.pages[1:]]
    days = []
    for image in images:
        with Image.open(io.BytesIO(image.data)) as opened:
            days.append(opened.convert("RGB").resize((62, 88)).getpixel((31, 20)))
    greens = [pixel[1] for pixel in days]  # type: ignore[index]
    assert greens == sorted(greens), "the pages in date order (each drawing's green rises with its day)"


def test_a4_and_a_name_that_is_only_marks_still_make_a_book() -> None:
    reader = PdfReader(io.BytesIO(write_book("\u202e\u200b\ufe0f", date(2026, 2, 1), [], paper="A4")))
    assert len(reader.pages) == 1
    assert "우리 아이의 2026년 2월" in reader.pages[0].extract_text()
    assert reader.metadata is not None
    assert reader.metadata.title == "우리 아이의 그림일기 · 2026년 2월"
    width, _ = (float(value) for value in reader.pages[0].mediabox.upper_right)
    assert round(width * 25.4 / 72) == 210


def test_an_emoji_in_a_name_is_drawn_from_the_emoji_font_embedded_beside_the_pen() -> None:
    reader = PdfReader(io.BytesIO(write_book("민지🌸", date(2026, 2, 1), [])))
    assert "민지🌸의 2026년 2월" in reader.pages[0].extract_text()
    embedded = fonts(reader)
    assert {font.split("+")[-1].split("-")[0] for font, _ in embedded} == {"NanumPenScript", "NotoEmoji"}
    assert all(inside for _, inside in embedded)


@pytest.fixture
def storage(make_settings) -> Iterator[Storage]:
    opened = open_storage(make_settings())
    yield opened
    opened.database.close()


async def written(storage: Storage, contact: Contact, text: str, when: datetime, *, crisis: bool = False) -> None:
    """A diary written at `when` and drawn (a real PNG file), or kept as a crisis and never drawn."""
    kept = EntryStatus.DISTRESS if crisis else None
    submission = await storage.diaries.submit(
        contact, text, source_key=None, seed=1, max_waiting=10, keep_as=kept, now=when
    )
    if crisis:
        return
    claimed = await storage.queue.claim_next()
    assert claimed is not None
    name = f"book-{submission.entry_id:04d}.png"
    storage.images.path(name).parent.mkdir(parents=True, exist_ok=True)
    storage.images.path(name).write_bytes(png((90, 160, 220)))
    drawing = recorded(claimed.job.id, image_path=name)
    assert await storage.queue.complete(claimed.job.id, drawing) is not None


async def test_the_month_of_one_child_never_holds_a_crisis_or_another_month(storage: Storage) -> None:
    seoul = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)  # 09:30 on 1 December in Seoul
    await written(storage, KID, "12월 첫날 눈사람", seoul)
    await written(storage, KID, "11월 마지막 날", datetime(2026, 11, 30, 14, 0, tzinfo=UTC))  # 23:00 30 Nov, Seoul
    await written(storage, KID, "크리스마스 트리", datetime(2026, 12, 24, 3, 0, tzinfo=UTC))
    await written(storage, KID, "죽고 싶어", datetime(2026, 12, 5, tzinfo=UTC), crisis=True)
    await written(storage, MOM, "엄마의 일기", datetime(2026, 12, 6, tzinfo=UTC))
    service = BookService(storage.family, storage.pages, storage.images)
    assert set(await service.children(date(2026, 12, 1))) >= {1, 2}
    kid = (await storage.diaries.ensure_user(KID)).id
    book = await service.book(kid, date(2026, 12, 1))
    assert book is not None
    assert book.diaries == 2
    reader = PdfReader(io.BytesIO(book.pdf))
    assert len(reader.pages) == 3
    assert await service.book(kid, date(2027, 1, 1)) is None


def test_crayon_book_writes_a_pdf_per_child(make_settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = make_settings()
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_DATA_DIR", str(settings.data_dir))
    opened = open_storage(settings)
    import asyncio

    asyncio.run(written(opened, KID, "눈이 펑펑 와서 눈싸움 했다", datetime(2026, 12, 3, 3, 0, tzinfo=UTC)))
    opened.database.close()
    out = tmp_path / "books"
    assert main(["book", "--month", "2026-12", "--out", str(out)]) == EXIT_OK
    books = sorted(out.glob("*.pdf"))
    assert [path.name for path in books] == ["crayon-book-1-2026-12.pdf"]
    assert len(PdfReader(books[0]).pages) == 2
    with pytest.raises(SystemExit) as refused:
        main(["book", "--month", "2026-13", "--out", str(out)])
    assert refused.value.code == 2


async def test_a_parent_gets_the_month_as_a_pdf_on_telegram(serve, stub: BotApiStub) -> None:
    client = await serve()
    await write_and_wait(stub, 901, ["놀이터에서 그네를 탔다"])
    assert await say(stub, 901, "/book") == messages.PARENTS_ONLY
    await say(stub, 902, f"/link {await code_for(stub, 901)} 민지")
    await write_and_wait(stub, 901, ["눈이 펑펑 와서 눈사람 만들었다", "친구랑 블록 놀이 했다"])
    stub.text(902, "그림책")
    await stub.wait_for(lambda: stub.sent("sendDocument", 902), timeout=60)
    sent = stub.sent("sendDocument", 902)[0]
    month = datetime.now(UTC).astimezone(ZoneInfo("Asia/Seoul"))
    assert sent.params["caption"] == album_texts.book_caption("민지", f"{month.year}년 {month.month}월", 2)
    reader = PdfReader(io.BytesIO(sent.files["document"]))
    assert len(reader.pages) == 3, "the cover and the two diaries written since the parent linked"
    assert "민지의" in reader.pages[0].extract_text()
    # The album page links the month's book, for this parent only.
    stub.text(902, "/album")
    await stub.wait_for(lambda: any("/albums/" in text for text in stub.texts(902)), timeout=60)
    address = next(text for text in stub.texts(902) if "/albums/" in text).rsplit("\n", 1)[1]
    path = address.split(str(client.server.port), 1)[1]
    html = await (await client.get(path)).text()
    book = re.search(r'href="(/albums/[^"]+/book-\d{4}-\d{2}\.pdf)"', html)
    assert book
    pdf = await client.get(book.group(1))
    assert pdf.status == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert len(PdfReader(io.BytesIO(await pdf.read())).pages) == 3
    assert (await client.get(f"{path}/book-2019-01.pdf")).status == 404, "a month without diaries"
    assert (await client.get(f"{path}/book-2026-13.pdf")).status == 404


async def test_a_kakao_parent_gets_an_address_and_last_month_may_be_empty(serve) -> None:
    clock = FixedClock(datetime.now(UTC))
    client = await serve(telegram=False, clock=clock)
    _, answer, _ = await skill(client, payload("부모 연결", user="book-kid"))
    code = CODE.search(kakao_texts(answer))
    assert code
    await skill(client, payload(f"연결 {code.group(1)} 서준", user="book-mom"))
    clock.advance(seconds=1)
    await skill(client, payload("바다에 가서 조개를 주웠다", user="book-kid"))
    await eventually(lambda: client.app[CORE].queue.counts(), lambda counts: counts["done"] == 1, timeout=30)
    _, answer, _ = await skill(client, payload("그림책", user="book-mom"))
    text = kakao_texts(answer)
    assert text.startswith("서준의 ")
    found = re.search(r"http://127\.0\.0\.1:\d+(/albums/\S+\.pdf)", text)
    assert found
    assert len(PdfReader(io.BytesIO(await (await client.get(found.group(1))).read())).pages) == 2
    this_month = re.search(r"book-(\d{4})-(\d{2})\.pdf", found.group(1))
    assert this_month
    other = found.group(1).replace(this_month.group(0), "book-2020-01.pdf")
    assert (await client.get(other)).status == 404, "a book address opens its own month only"
    assert (await client.get(found.group(1).replace(this_month.group(0), "book-0001-01.pdf"))).status == 404
    assert "/" not in text.replace(found.group(0), ""), "no slash command on Kakao"
    _, answer, _ = await skill(client, payload("지난 그림책", user="book-mom"))
    assert "아직 없어요" in kakao_texts(answer)
    clock.advance(days=15)
    old = await client.get(found.group(1))
    assert old.status == 404
    assert "'앨범'" in await old.text()


async def test_a_diary_later_kept_as_a_crisis_never_has_its_words_on_a_page(storage: Storage) -> None:
    await written(storage, KID, "아빠랑 자전거 탔다", datetime(2026, 12, 2, tzinfo=UTC))
    kid = (await storage.diaries.ensure_user(KID)).id
    (drawing,) = await storage.diaries.recent_drawings(kid, 1)
    handover = Handover(storage.images, storage.diaries, storage.queue, storage.pages, page=True)
    with Image.open(io.BytesIO(await handover.picture(drawing))) as shown:
        assert shown.size == (PAGE_WIDTH, PAGE_HEIGHT), "a page"
    await storage.database.run(
        lambda db: db.execute("UPDATE entries SET status = ? WHERE id = ?", [EntryStatus.DISTRESS, drawing.entry_id])
    )
    with Image.open(io.BytesIO(await handover.picture(drawing))) as shown:
        assert shown.size == (64, 64), "the drawing alone"


@pytest.mark.parametrize("name", ["빠" * 20, "🌸" * 20], ids=["20 wide letters", "20 emoji"])
def test_a_long_name_is_written_smaller_within_the_cover(name: str) -> None:
    reader = PdfReader(io.BytesIO(write_book(name, date(2026, 2, 1), [])))
    page = reader.pages[0]
    width = float(page.mediabox.upper_right[0])
    found: list[float] = []

    def seen(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if "2026년 2월" in text or name[:3] in text:
            found.append(tm[4])

    page.extract_text(visitor_text=seen)
    assert found, "the name and the month are on the cover"
    assert all(0 <= x < width for x in found)
    assert name[:5] in page.extract_text()
