"""`crayon serve`: one aiohttp application owns the event loop; Telegram, the runner and the engine live in it."""

from __future__ import annotations

import hmac
import logging
import re
from collections.abc import AsyncIterator

from aiohttp import web

from bot.core import Core, start_core
from bot.kakao import PLATFORM as KAKAO
from bot.kakao import KakaoSkill
from bot.telegram import WEBHOOK_PATH, TelegramBot
from engine.settings import Settings

logger = logging.getLogger(__name__)

SETTINGS = web.AppKey("settings", Settings)
CORE = web.AppKey("core", Core)
TELEGRAM = web.AppKey("telegram", TelegramBot)
KAKAO_SKILL = web.AppKey("kakao", KakaoSkill)
IMAGE_NAME = re.compile(r"^([A-Za-z0-9_-]{16,64})\.png$")

MAX_REQUEST_BYTES = 1024 * 1024


def build_app(settings: Settings) -> web.Application:
    """Wire the server: storage, engine and runner, Telegram when a token is set, and the routes."""
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app[SETTINGS] = settings
    app.cleanup_ctx.append(_core)
    if settings.telegram_bot_token is not None:
        app.cleanup_ctx.append(_telegram)
        if settings.use_webhook:
            app.router.add_post(WEBHOOK_PATH, telegram_webhook)
    app.cleanup_ctx.append(_kakao)
    if settings.kakao_skill_secret is not None:
        app.router.add_post("/kakao/{secret}/skill", kakao_skill)
    else:
        app.router.add_post("/kakao/skill", kakao_skill)
    app.router.add_get("/images/{name}", image)
    app.router.add_get("/healthz", healthz)
    return app


async def _core(app: web.Application) -> AsyncIterator[None]:
    core = await start_core(app[SETTINGS])
    app[CORE] = core
    yield
    await core.stop()


async def _telegram(app: web.Application) -> AsyncIterator[None]:
    core = app[CORE]
    telegram = TelegramBot(app[SETTINGS], core.service, core.diaries, core.images)
    core.runner.couriers["telegram"] = telegram.courier
    await telegram.start()
    app[TELEGRAM] = telegram
    await core.runner.redeliver()
    yield
    # Stop taking updates before the runner stops (cleanup runs in reverse order).
    await telegram.stop()
    core.runner.couriers.pop("telegram", None)


async def _kakao(app: web.Application) -> AsyncIterator[None]:
    core = app[CORE]
    skill = KakaoSkill(app[SETTINGS], core.service, core.queue)
    core.runner.couriers[KAKAO] = skill.courier
    app[KAKAO_SKILL] = skill
    if app[SETTINGS].public_base_url is None:
        logger.warning("CRAYON_PUBLIC_BASE_URL is not set: Kakao cannot fetch drawings from %s", skill.image_base)
    yield
    core.runner.couriers.pop(KAKAO, None)
    await skill.courier.close()


async def kakao_skill(request: web.Request) -> web.Response:
    """POST /kakao/skill (or /kakao/<secret>/skill): Kakao i Open Builder's skill calls."""
    secret = request.app[SETTINGS].kakao_skill_secret
    if secret is not None:
        given = request.match_info.get("secret", "")
        if not hmac.compare_digest(given.encode(), secret.get_secret_value().encode()):
            raise web.HTTPNotFound()
    return await request.app[KAKAO_SKILL].handle(request)


async def image(request: web.Request) -> web.StreamResponse:
    """GET /images/<id>.png: a drawing by its unguessable id; anything else is 404."""
    match = IMAGE_NAME.match(request.match_info["name"])
    if match is None:
        raise web.HTTPNotFound()
    core = request.app[CORE]
    drawing = await core.diaries.drawing_by_public_id(match.group(1))
    if drawing is None:
        raise web.HTTPNotFound()
    path = core.images.path(drawing.image_path)
    if not path.is_file():
        raise web.HTTPNotFound()
    # The id names one immutable drawing: caches may keep it for a year.
    return web.FileResponse(
        path,
        headers={
            "Content-Type": "image/png",
            "Cache-Control": "public, max-age=31536000, immutable",
            "X-Content-Type-Options": "nosniff",
        },
    )


async def healthz(request: web.Request) -> web.Response:
    """GET /healthz: queue length and worker state, for operators and load balancers."""
    core = request.app[CORE]
    counts = await core.queue.counts()
    telegram = "off"
    if TELEGRAM in request.app:
        telegram = "webhook" if core.settings.use_webhook else "polling"
    return web.json_response(
        {
            "status": "ok",
            "profile": core.profile.name,
            "queue": counts,
            "worker": {
                "loaded": core.engine.loaded,
                "busy": core.engine.busy,
                "current_job": core.runner.current_job,
            },
            "telegram": telegram,
        }
    )


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
