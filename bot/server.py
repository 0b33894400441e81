"""`crayon serve`: one aiohttp application owns the event loop; Telegram, the runner and the engine live in it."""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import re
from collections.abc import AsyncIterator
from datetime import date

from aiohttp import web

from bot.album_render import Album, render_collage, render_page
from bot.clock import Clock, SystemClock
from bot.core import Core, start_core
from bot.kakao import PLATFORM as KAKAO
from bot.kakao import SECRET_HEADER, KakaoSkill
from bot.kakao_events import KakaoEventClient
from bot.logs import keep_private_data_out_of_logs
from bot.outbound import KakaoOutbound
from bot.scheduler import Scheduler
from bot.telegram import WEBHOOK_PATH, TelegramBot
from engine.settings import Settings
from storage.images import BrokenImageError

logger = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
CORE = web.AppKey("core", Core)
TELEGRAM = web.AppKey("telegram", TelegramBot)
KAKAO_SKILL = web.AppKey("kakao", KakaoSkill)
SCHEDULER = web.AppKey("scheduler", Scheduler)
CLOCK = web.AppKey("clock", Clock)
IMAGE_NAME = re.compile(r"^([A-Za-z0-9_-]{16,64})\.png$")
ALBUM_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
EXPIRED_PAGE = (
    '<!doctype html><html lang="ko"><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<p>이 앨범 주소는 만료되었거나 없는 주소예요. "
    "크레용 일기에서 /album 을 보내면 새 주소를 받을 수 있어요.</p></html>"
)

MAX_REQUEST_BYTES = 1024 * 1024
# Children's drawings: never kept by a shared cache (a deleted drawing must be gone), never sniffed.
PRIVATE_IMAGE_HEADERS = {
    "Content-Type": "image/png",
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
}
FORWARDING_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")
# /healthz fails when this many drawings failed for good in a row, or when Telegram's updates could not be
# stored for this long (children get no answer at all then).
FAILED_IN_ROW = 3
KEEPING_FAILS_SECONDS = 30.0


def build_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    """Wire the server: storage, engine and runner, Telegram when a token is set, and the routes."""
    keep_private_data_out_of_logs()
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app.on_response_prepare.append(_without_server_header)
    app[SETTINGS] = settings
    app[CLOCK] = clock or SystemClock()
    app.cleanup_ctx.append(_core)
    if settings.telegram_bot_token is not None:
        app.cleanup_ctx.append(_telegram)
        if settings.use_webhook:
            app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    app.cleanup_ctx.append(_kakao)
    app.cleanup_ctx.append(_scheduler)
    if settings.kakao_skill_secret is not None:
        # Kakao only when configured: the secret in the path, or in SECRET_HEADER on the plain path.
        app.router.add_route("*", "/kakao/{secret}/skill", kakao_skill)
        app.router.add_route("*", "/kakao/skill", kakao_skill)
    app.router.add_get("/images/{name}", image)
    app.router.add_get("/albums/{token}", album_page)
    app.router.add_get("/albums/{token}/collage.png", album_collage)
    app.router.add_get("/albums/{token}/{name}", album_image)
    app.router.add_get("/healthz", healthz)
    return app


async def _without_server_header(request: web.Request, response: web.StreamResponse) -> None:
    """No software versions for strangers."""
    response.headers.pop("Server", None)


async def _core(app: web.Application) -> AsyncIterator[None]:
    core = await start_core(app[SETTINGS], clock=app[CLOCK])
    app[CORE] = core
    yield
    await core.stop()


async def _telegram(app: web.Application) -> AsyncIterator[None]:
    core = app[CORE]
    telegram = TelegramBot(core)
    core.runner.couriers["telegram"] = telegram.courier
    core.scheduled.outbox.by_platform["telegram"] = telegram.outbound
    await telegram.start()
    app[TELEGRAM] = telegram
    await core.runner.redeliver()
    yield
    # Stop taking updates before the runner stops (cleanup runs in reverse order).
    await telegram.stop()
    core.runner.couriers.pop("telegram", None)
    core.scheduled.outbox.by_platform.pop("telegram", None)


async def _kakao(app: web.Application) -> AsyncIterator[None]:
    core = app[CORE]
    skill = KakaoSkill(core)
    core.runner.couriers[KAKAO] = skill.courier
    settings = app[SETTINGS]
    events = None
    if settings.kakao_rest_api_key is not None and settings.kakao_bot_id is not None:
        events = KakaoEventClient(settings)
        core.scheduled.outbox.by_platform[KAKAO] = KakaoOutbound(events)
    app[KAKAO_SKILL] = skill
    if app[SETTINGS].public_base_url is None:
        logger.warning("CRAYON_PUBLIC_BASE_URL is not set: Kakao cannot fetch drawings from %s", skill.image_base)
    yield
    core.runner.couriers.pop(KAKAO, None)
    core.scheduled.outbox.by_platform.pop(KAKAO, None)
    await skill.courier.close()
    if events is not None:
        await events.close()


async def _scheduler(app: web.Application) -> AsyncIterator[None]:
    """Reminders and albums: started after the transports, so the first check can reach everyone."""
    scheduled = app[CORE].scheduled
    scheduler = Scheduler(scheduled.reminders, scheduled.albums, scheduled.privacy)
    scheduler.start()
    app[SCHEDULER] = scheduler
    yield
    scheduler.stop()


async def kakao_skill(request: web.Request) -> web.Response:
    """POST /kakao/<secret>/skill, or /kakao/skill with the secret header: Kakao i Open Builder's skill calls."""
    secret = request.app[SETTINGS].kakao_skill_secret
    given = request.match_info.get("secret")
    if given is None:
        given = request.headers.get(SECRET_HEADER, "")
    # Without the secret this looks exactly like a server without Kakao: 404 for any method.
    if secret is None or not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
        raise web.HTTPNotFound()
    if request.method != "POST":
        raise web.HTTPMethodNotAllowed(request.method, ["POST"])
    return await request.app[KAKAO_SKILL].handle(request)


async def image(request: web.Request) -> web.Response:
    """GET /images/<id>.png: a drawing by its unguessable id; anything else is 404."""
    match = IMAGE_NAME.match(request.match_info["name"])
    if match is None:
        raise web.HTTPNotFound()
    core = request.app[CORE]
    drawing = await core.diaries.drawing_by_public_id(match.group(1))
    if drawing is None:
        raise web.HTTPNotFound()
    try:
        data = await asyncio.to_thread(core.images.read, drawing.image_path)
    except BrokenImageError as error:
        raise web.HTTPNotFound() from error
    return web.Response(body=data, headers=PRIVATE_IMAGE_HEADERS)


async def _album_for(request: web.Request) -> tuple[Album, str]:
    """The album behind the request's token, for its own parent only; 404 when unknown or expired."""
    core = request.app[CORE]
    token = request.match_info["token"]
    if not ALBUM_TOKEN.match(token):
        raise web.HTTPNotFound()
    page = await core.storage.family.album_page(token, now=core.scheduled.albums.clock.now())
    if page is None:
        raise web.HTTPNotFound(text=EXPIRED_PAGE, content_type="text/html")
    link = await core.storage.family.link_between(page.parent_id, page.child_id)
    if link is None:
        raise web.HTTPNotFound(text=EXPIRED_PAGE, content_type="text/html")
    album = await core.scheduled.albums.build(link, date.fromisoformat(page.week_start))
    return album, page.expires_at


async def album_page(request: web.Request) -> web.Response:
    """GET /albums/<token>: the week's drawings with dates, moods and diary texts; no external assets."""
    album, expires = await _album_for(request)
    token = request.match_info["token"]
    html = render_page(album, lambda drawing: f"/albums/{token}/{drawing.public_id}.png", expires[:10])
    return web.Response(
        text=html,
        content_type="text/html",
        headers={
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": ("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


async def album_collage(request: web.Request) -> web.Response:
    """GET /albums/<token>/collage.png: the week as one picture (Kakao shows it in the album card)."""
    album, _ = await _album_for(request)
    if not album.items:
        raise web.HTTPNotFound()
    png = await asyncio.to_thread(render_collage, album, request.app[CORE].images.read)
    return web.Response(body=png, headers=PRIVATE_IMAGE_HEADERS)


async def album_image(request: web.Request) -> web.Response:
    """GET /albums/<token>/<id>.png: a drawing of that album, and only of that album."""
    album, _ = await _album_for(request)
    match = IMAGE_NAME.match(request.match_info["name"])
    drawing = next((item.drawing for item in album.items if match and item.drawing.public_id == match.group(1)), None)
    if drawing is None:
        raise web.HTTPNotFound()
    try:
        data = await asyncio.to_thread(request.app[CORE].images.read, drawing.image_path)
    except BrokenImageError as error:
        raise web.HTTPNotFound() from error
    return web.Response(body=data, headers=PRIVATE_IMAGE_HEADERS)


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz: queue, worker and runner state for operators and load balancers; 503 when children are
    not served: the runner is not running, the queue has not moved for CRAYON_HEALTH_STALL_SECONDS, the
    database does not answer or refuses the runner's writes, the last drawings all failed, or Telegram's
    updates cannot be stored. Job ids only for a caller on this machine."""
    core = request.app[CORE]
    stall = core.settings.health_stall_seconds
    problems = []
    counts: dict[str, int] | None
    try:
        counts = await core.queue.counts()
    except Exception as error:
        counts = None
        problems.append(f"the database does not answer: {type(error).__name__}")
    runner = core.runner.health()
    if not runner.running:
        problems.append("the drawing runner is not running")
    waiting = counts is None or counts["queued"] + counts["running"] > 0
    if waiting and runner.seconds_since_progress > stall:
        problems.append(f"drawings are waiting and none was finished for {runner.seconds_since_progress:.0f} s")
    if runner.storage_failing_for is not None and runner.storage_failing_for > stall:
        problems.append(f"the runner cannot write to the database for {runner.storage_failing_for:.0f} s")
    if runner.failed_in_row >= FAILED_IN_ROW:
        problems.append(f"the last {runner.failed_in_row} drawings all failed")
    telegram = "off"
    if TELEGRAM in request.app:
        telegram = "webhook" if core.settings.use_webhook else "polling"
        keeping_fails_for = request.app[TELEGRAM].application.bot.keeping_fails_for
        if keeping_fails_for is not None and keeping_fails_for > min(stall, KEEPING_FAILS_SECONDS):
            problems.append(f"telegram updates cannot be stored for {keeping_fails_for:.0f} s: children get no answer")
    worker: dict[str, object] = {
        "loaded": core.engine.loaded,
        "busy": core.engine.busy,
        "current_jobs": len(core.runner.current_jobs),
    }
    if _from_this_machine(request):
        worker["current_job_ids"] = core.runner.current_jobs
    body = {
        "status": "failing" if problems else "ok",
        "problems": problems,
        "profile": core.profile.name,
        "queue": counts,
        "worker": worker,
        "runner": {
            "running": runner.running,
            "seconds_since_progress": round(runner.seconds_since_progress, 1),
            "storage_failing_seconds": None
            if runner.storage_failing_for is None
            else round(runner.storage_failing_for, 1),
            "failed_in_row": runner.failed_in_row,
        },
        "telegram": telegram,
        "scheduler": {
            "running": SCHEDULER in request.app and request.app[SCHEDULER].running,
        },
    }
    return web.json_response(body, status=503 if problems else 200)


def _from_this_machine(request: web.Request) -> bool:
    """A direct call from loopback; a call through a reverse proxy (forwarding headers) is not."""
    if any(name in request.headers for name in FORWARDING_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.remote or "").is_loopback
    except ValueError:
        return False


async def telegram_webhook(request: web.Request) -> web.Response:
    return await request.app[TELEGRAM].webhook(request)


def serve(settings: Settings) -> None:
    """Run the server until SIGINT or SIGTERM, then shut down cleanly."""
    web.run_app(
        build_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        print=lambda text: logger.warning("%s", text.strip()),
        access_log=None,
    )
