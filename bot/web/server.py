"""The web side of `crayon serve`: drawings by their unguessable ids, parents' album pages, and /healthz."""

from __future__ import annotations

import asyncio
import ipaddress
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from aiohttp import web

from bot import messages
from bot.domain import Album, CommandName
from bot.messages import exports as export_texts
from bot.usecases.commands import Command, said_on
from bot.usecases.services import Services
from bot.web.album_page import render_expired, render_page
from storage.errors import BrokenImageError
from storage.records import Platform

IMAGE_NAME = re.compile(r"^([A-Za-z0-9_-]{16,64})\.png$")
ALBUM_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
# Children's drawings: never kept by a shared cache (a deleted drawing must be gone), never sniffed.
PRIVATE_HEADERS = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
PRIVATE_IMAGE_HEADERS = {"Content-Type": "image/png", **PRIVATE_HEADERS}
CHUNK = 256 * 1024
PAGE_HEADERS = {
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


@dataclass
class WebContext:
    """What the pages read: the use-cases, and the health report."""

    services: Services
    health: Callable[[], Awaitable[dict[str, Any]]]


WEB = web.AppKey("web", WebContext)


def register(app: web.Application) -> None:
    """Add the pages' routes; `app[WEB]` is filled when the bot has started."""
    app.on_response_prepare.append(_without_server_header)
    app.router.add_get("/images/{name}", image)
    app.router.add_get("/albums/{token}", album_page)
    app.router.add_get("/albums/{token}/collage.png", album_collage)
    app.router.add_get(r"/albums/{token}/book-{year:\d{4}}-{month:\d{2}}.pdf", album_book)
    app.router.add_get("/albums/{token}/{name}", album_image)
    app.router.add_get("/exports/{token}", export)
    app.router.add_get("/healthz", healthz)


async def _without_server_header(request: web.Request, response: web.StreamResponse) -> None:
    """No software versions for strangers."""
    response.headers.pop("Server", None)


async def image(request: web.Request) -> web.Response:
    """GET /images/<id>.png?until=…&sig=…: a drawing by an address the bot gave (bot/usecases/image_links.py)
    that has not expired; anything else is 404."""
    match = IMAGE_NAME.match(request.match_info["name"])
    if match is None:
        raise web.HTTPNotFound()
    services = request.app[WEB].services
    query = request.rel_url.query
    if not services.image_links.allows(match.group(1), query.get("until", ""), query.get("sig", "")):
        raise web.HTTPNotFound()
    drawing = await services.handover.by_public_id(match.group(1))
    if drawing is None:
        raise web.HTTPNotFound()
    try:
        data = await services.handover.picture(drawing)
    except BrokenImageError as error:
        raise web.HTTPNotFound() from error
    return web.Response(body=data, headers=PRIVATE_IMAGE_HEADERS)


async def _album_for(request: web.Request) -> tuple[Album, datetime]:
    """The album behind the request's token, for its own parent only; 404 when unknown or expired."""
    services = request.app[WEB].services
    token = request.match_info["token"]
    if not ALBUM_TOKEN.match(token):
        raise web.HTTPNotFound()
    found = await services.albums.page(token)
    if found is None:
        raise _old_address(await services.albums.platform_of(token), CommandName.ALBUM, messages.album_expired)
    return found


def _old_address(
    platform: Platform | None, name: CommandName, texts: Callable[[str | None], tuple[str, str]]
) -> web.HTTPNotFound:
    """The 404 page of an old or unknown address: how to get a new one, as the platform of the one it was given
    to spells the command (both platforms' spellings when that is unknown)."""
    command = None if platform is None else said_on(Command(name), platform)
    return web.HTTPNotFound(text=render_expired(*texts(command)), content_type="text/html", headers=PAGE_HEADERS)


async def album_page(request: web.Request) -> web.Response:
    """GET /albums/<token>: the week's drawings with dates, moods and diary texts; no external assets."""
    album, expires = await _album_for(request)
    token = request.match_info["token"]
    # The book of the month the week's latest diary is in (a week may begin in the month before).
    book = f"/albums/{token}/book-{album.items[-1].day:%Y-%m}.pdf" if album.items else None
    html = render_page(
        album, lambda drawing: f"/albums/{token}/{drawing.public_id}.png", f"{expires:%Y-%m-%d}", book_url=book
    )
    return web.Response(
        text=html,
        content_type="text/html",
        headers=PAGE_HEADERS,
    )


async def album_collage(request: web.Request) -> web.Response:
    """GET /albums/<token>/collage.png: the week as one picture (Kakao shows it in the album card)."""
    album, _ = await _album_for(request)
    if not album.items:
        raise web.HTTPNotFound()
    png = await request.app[WEB].services.albums.collage(album)
    return web.Response(body=png, headers=PRIVATE_IMAGE_HEADERS)


async def album_book(request: web.Request) -> web.Response:
    """GET /albums/<token>/book-YYYY-MM.pdf: the month's 그림책 of the album's child, for its own parent."""
    await _album_for(request)  # an old or unknown address gets the page that says how to get a new one
    info = request.match_info
    if not (1 <= int(info["month"]) <= 12 and 2000 <= int(info["year"]) <= 2100):
        raise web.HTTPNotFound()
    book = await request.app[WEB].services.albums.book_of(info["token"], date(int(info["year"]), int(info["month"]), 1))
    if book is None:
        raise web.HTTPNotFound()
    name = f"crayon-book-{info['year']}-{info['month']}.pdf"
    headers = {"Content-Type": "application/pdf", "Content-Disposition": f'attachment; filename="{name}"'}
    return web.Response(body=book.pdf, headers={**headers, **PRIVATE_HEADERS})


async def album_image(request: web.Request) -> web.Response:
    """GET /albums/<token>/<id>.png: a drawing of that album, and only of that album."""
    album, _ = await _album_for(request)
    match = IMAGE_NAME.match(request.match_info["name"])
    drawing = next((item.drawing for item in album.items if match and item.drawing.public_id == match.group(1)), None)
    if drawing is None:
        raise web.HTTPNotFound()
    try:
        data = await request.app[WEB].services.handover.picture(drawing)
    except BrokenImageError as error:
        raise web.HTTPNotFound() from error
    return web.Response(body=data, headers=PRIVATE_IMAGE_HEADERS)


async def export(request: web.Request) -> web.StreamResponse:
    """GET /exports/<token>: the user's records as one zip, while the address is valid; else a page that says
    how to get a new address."""
    token = request.match_info["token"]
    exports = request.app[WEB].services.exports
    if not ALBUM_TOKEN.match(token):
        raise _old_address(None, CommandName.EXPORT, export_texts.export_expired)
    found = await exports.download(token)
    if found is None:
        raise _old_address(await exports.platform_of(token), CommandName.EXPORT, export_texts.export_expired)
    name, archive = found
    with archive:
        size = archive.seek(0, 2)
        archive.seek(0)
        response = web.StreamResponse(
            headers={
                "Content-Type": "application/zip",
                "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
                "Content-Length": str(size),
                **PRIVATE_HEADERS,
            }
        )
        await response.prepare(request)
        while chunk := await asyncio.to_thread(archive.read, CHUNK):
            await response.write(chunk)
        await response.write_eof()
    return response


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz: the health report (bot/health.py); 503 when children are not served. Job ids only for a
    caller on this machine."""
    body = await request.app[WEB].health()
    if not _from_this_machine(request):
        body["worker"].pop("current_job_ids", None)
    return web.json_response(body, status=503 if body["problems"] else 200)


def _from_this_machine(request: web.Request) -> bool:
    """A direct call from loopback; a call through a reverse proxy (forwarding headers) is not."""
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False
