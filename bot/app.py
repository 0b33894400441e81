"""The wiring: storage, engine, runner and use-cases started together, and the transports plugged in.

Only this module (and the command line) knows every part; transports get the use-cases (`Services`) and
register their own routes, the web pages get what they show.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
import threading
from collections.abc import AsyncIterator
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, TextIO

from aiohttp import web

from bot.clock import Clock, SystemClock
from bot.errors import UsageError
from bot.health import HealthParts, health_report
from bot.jobs.faults import FaultyImageStore
from bot.jobs.outbound import Outbox
from bot.jobs.runner import DrawingRunner
from bot.jobs.scheduler import Checks, Scheduler
from bot.logs import keep_private_data_out_of_logs
from bot.settings import Settings
from bot.transports import kakao, telegram
from bot.transports.console import ConsoleChat
from bot.transports.kakao import KakaoSkill
from bot.transports.kakao_events import KakaoEventClient, KakaoOutbound
from bot.transports.telegram import TelegramBot, standalone_bot
from bot.transports.telegram_send import TelegramOutbound, TelegramReviewer
from bot.usecases.services import Services
from bot.web import server as pages
from engine.engines import DrawingEngine
from engine.faults import FaultPlan
from engine.pipeline import DiaryPipeline
from engine.profiles import ResolvedProfile, configure_threads, resolve_profile
from engine.style import StyleSpec
from engine.worker import EngineWorker
from storage.database import Database
from storage.diaries import Diaries
from storage.images import ImageStore
from storage.jobs import JobQueue
from storage.records import Platform
from storage.store import Storage

if TYPE_CHECKING:
    from engine.speech import Transcriber

logger = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 1024 * 1024


def open_storage(settings: Settings) -> Storage:
    """Open (and migrate) the database under `CRAYON_DATA_DIR`; blocking."""
    return Storage.open(
        settings.database_path,
        settings.drawings_dir,
        settings.data_dir,
        timezone=settings.timezone,
        max_new_users_per_minute=settings.max_new_users_per_minute,
        safeguarding_hold=timedelta(days=settings.safeguarding_hold_days),
    )


@dataclass
class Core:
    """The parts every front end shares, started and stopped together."""

    settings: Settings
    profile: ResolvedProfile
    storage: Storage
    engine: DrawingEngine
    runner: DrawingRunner
    services: Services

    @property
    def database(self) -> Database:
        return self.storage.database

    @property
    def diaries(self) -> Diaries:
        return self.storage.diaries

    @property
    def queue(self) -> JobQueue:
        return self.storage.queue

    @property
    def images(self) -> ImageStore:
        return self.storage.images

    async def stop(self) -> None:
        """Stop drawing (the running drawing finishes or is re-queued), then close the engine and database."""
        await self.services.safeguarding.alerts.stop()
        await self.runner.stop()
        await self.engine.aclose()
        await asyncio.to_thread(self.database.close)


async def start_core(
    settings: Settings, *, run: bool = True, clock: Clock | None = None, for_children: bool = False
) -> Core:
    """Open the database, start the engine worker (models load in the background) and the runner.
    `for_children`: the bot children use (`crayon serve`), which must name who runs it."""
    profile = await asyncio.to_thread(resolve_profile, settings)
    if for_children:
        # On a Ray cluster the replicas draw with the profile asked for (`auto` is full on their GPUs).
        require_privacy_contact(settings, settings.profile if settings.engine == "ray" else profile.name)
    if profile.notice:
        logger.warning("%s", profile.notice)
    threads = configure_threads(settings, profile, serving=True)
    logger.info("profile %s on %s, %d torch thread(s)", profile.name, profile.device, threads)
    storage = await asyncio.to_thread(open_storage, settings)
    engine = make_engine(settings, profile)
    images = FaultyImageStore(storage.images, FaultPlan(settings.faults)) if settings.faults else storage.images
    runner = DrawingRunner(
        storage.queue,
        engine,
        images,
        max_attempts=settings.max_attempts,
        retry_delay_seconds=settings.retry_delay_seconds,
        shutdown_grace_seconds=settings.shutdown_grace_seconds,
        # On Ray every diary goes on its own (Serve makes the batches), up to CRAYON_ENGINE_CONCURRENCY, else
        # as many as the application says it takes at once.
        batch_size=settings.batch_size if settings.engine == "local" else 1,
        concurrency=settings.engine_concurrency if settings.engine == "ray" else None,
        redelivery_seconds=settings.redelivery_seconds,
    )
    style = StyleSpec.load(settings.lora, trigger_template=settings.trigger_template, labels=settings.labels)
    services = Services.build(
        settings,
        storage,
        clock or SystemClock(),
        style=style,
        on_queued=runner.wake,
        on_forgotten=runner.deliveries.forget_user,
        listener=engine if settings.voice else None,
    )
    runner.on_crisis = services.safeguarding.alerts.wake
    core = Core(settings, profile, storage, engine, runner, services)
    if run:
        _warn_without_reviewer(settings)
        services.safeguarding.alerts.start()
        removed = await storage.privacy.sweep_pending_images()
        if removed:
            logger.info("removed %d drawing file(s) a crash left unrecorded", removed)
        # Loading the models takes a while with the full profile: diaries queue up meanwhile.
        if isinstance(engine, EngineWorker):
            engine.submit(lambda pipeline: None).add_done_callback(_log_load_failure)
        await runner.start()
    return core


def _warn_without_reviewer(settings: Settings) -> None:
    """A school should name a designated reviewer: without one, a child's call for help reaches no grown-up."""
    if settings.safeguarding_telegram_chat_id is None:
        logger.warning(
            "CRAYON_SAFEGUARDING_TELEGRAM_CHAT_ID is not set: a child who writes of a crisis gets help numbers, but "
            "no grown-up is alerted (cases wait in `crayon safeguarding list`); see README, 'The designated reviewer'"
        )
    elif settings.telegram_bot_token is None:
        logger.warning(
            "CRAYON_SAFEGUARDING_TELEGRAM_CHAT_ID is set but TELEGRAM_BOT_TOKEN is not: crisis alerts wait in "
            "`crayon safeguarding list` until the bot can post them"
        )


def make_engine(settings: Settings, profile: ResolvedProfile) -> DrawingEngine:
    """The in-process worker (CRAYON_ENGINE=local), or the client of the Serve application `crayon` (ray);
    the local one never imports Ray."""
    if settings.engine == "ray":
        from engine.remote import RayEngine

        return RayEngine(
            settings.ray_serve_url,
            timeout_seconds=settings.ray_request_timeout_seconds,
            jobs_in_flight=settings.jobs_in_flight,
        )

    def listen() -> Transcriber:
        from engine.speech import load_transcriber  # numpy and the speech code only once a voice comes

        return load_transcriber(settings, profile)

    return EngineWorker(lambda: DiaryPipeline.from_settings(settings, profile), listen=listen)


@contextlib.asynccontextmanager
async def standalone_outbox(settings: Settings, services: Services) -> AsyncIterator[Outbox]:
    """Fill `outbox` with clients of their own (Telegram bot, Kakao Event API), for commands run outside
    `crayon serve` (`crayon remind --now`, `crayon albums --now`)."""
    outbox = services.outbox
    async with contextlib.AsyncExitStack() as stack:
        if settings.telegram_bot_token is not None:
            bot = standalone_bot(settings.telegram)
            await stack.enter_async_context(bot)
            outbox.by_platform[Platform.TELEGRAM] = TelegramOutbound(bot, services.handover)
        if settings.kakao_rest_api_key is not None and settings.kakao_bot_id is not None:
            events = KakaoEventClient(settings.kakao)
            stack.push_async_callback(events.close)
            outbox.by_platform[Platform.KAKAO] = KakaoOutbound(events)
        yield outbox


# -- `crayon serve` -------------------------------------------------------------------------------------

SETTINGS = web.AppKey("settings", Settings)
CLOCK = web.AppKey("clock", Clock)
CORE = web.AppKey("core", Core)
TELEGRAM = web.AppKey("telegram", TelegramBot)
KAKAO_SKILL = web.AppKey("kakao", KakaoSkill)
SCHEDULER = web.AppKey("scheduler", Scheduler)


def build_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    """The server: storage, engine and runner, Telegram when a token is set, Kakao when its secret is, the
    pages; each transport registers its own routes."""
    keep_private_data_out_of_logs()
    app = web.Application(client_max_size=MAX_REQUEST_BYTES)
    app[SETTINGS] = settings
    app[CLOCK] = clock or SystemClock()
    app.cleanup_ctx.append(_core)
    if settings.telegram_bot_token is not None:
        app.cleanup_ctx.append(_telegram)
    app.cleanup_ctx.append(_kakao)
    app.cleanup_ctx.append(_scheduler)
    by_webhook = settings.telegram_bot_token is not None and settings.use_webhook
    telegram.register(app, lambda: app[TELEGRAM], webhook=by_webhook)
    kakao.register(app, settings.kakao, lambda: app[KAKAO_SKILL])
    pages.register(app)
    return app


def require_privacy_contact(settings: Settings, profile: str) -> None:
    """A bot that children use (the full profile) names who runs it: parents read it in /privacy."""
    if profile != "tiny" and not settings.privacy_contact.strip():
        raise UsageError(
            "CRAYON_PRIVACY_CONTACT is not set: parents must be told who runs the bot and whom to ask about "
            "their child's data (/privacy shows it), e.g. CRAYON_PRIVACY_CONTACT='해님초등학교 행정실 02-123-4567'"
        )


async def _core(app: web.Application) -> AsyncIterator[None]:
    core = await start_core(app[SETTINGS], clock=app[CLOCK], for_children=True)
    app[CORE] = core
    parts = HealthParts(
        core.queue,
        core.runner,
        core.engine,
        core.profile.name,
        core.settings.health_stall_seconds,
        telegram=lambda: _telegram_health(app),
        scheduler_running=lambda: SCHEDULER in app and app[SCHEDULER].running,
        safeguarding_waiting=(
            core.services.safeguarding.alerts.waiting_for
            if core.settings.safeguarding_telegram_chat_id is not None
            else None
        ),
        safeguarding_stall_seconds=core.settings.safeguarding_alert_stall_seconds,
    )
    app[pages.WEB] = pages.WebContext(core.services, lambda: health_report(parts))
    yield
    await core.stop()


def _telegram_health(app: web.Application) -> tuple[str, float | None]:
    if TELEGRAM not in app:
        return "off", None
    bot = app[TELEGRAM]
    return ("webhook" if bot.webhook_url is not None else "polling"), bot.application.bot.keeping_fails_for


async def _telegram(app: web.Application) -> AsyncIterator[None]:
    core = app[CORE]
    settings = core.settings
    webhook_url = f"{settings.public_base_url}{telegram.WEBHOOK_PATH}" if settings.use_webhook else None
    bot = TelegramBot(core.services, settings.telegram, webhook_url=webhook_url)
    core.runner.deliveries.couriers[Platform.TELEGRAM] = bot.courier
    core.services.outbox.by_platform[Platform.TELEGRAM] = bot.outbound
    alerts = core.services.safeguarding.alerts
    if core.settings.safeguarding_telegram_chat_id is not None:
        alerts.channel = TelegramReviewer(bot.application.bot, core.settings.safeguarding_telegram_chat_id)
        alerts.wake()
    await bot.start()
    app[TELEGRAM] = bot
    await core.runner.deliveries.redeliver()
    yield
    alerts.channel = None
    # Stop taking updates before the runner stops (cleanup runs in reverse order).
    await bot.stop()
    core.runner.deliveries.couriers.pop(Platform.TELEGRAM, None)
    core.services.outbox.by_platform.pop(Platform.TELEGRAM, None)


async def _kakao(app: web.Application) -> AsyncIterator[None]:
    core = app[CORE]
    settings = app[SETTINGS]
    skill = KakaoSkill(core.services, settings.kakao)
    core.runner.deliveries.couriers[Platform.KAKAO] = skill.courier
    events = None
    if settings.kakao_rest_api_key is not None and settings.kakao_bot_id is not None:
        events = KakaoEventClient(settings.kakao)
        core.services.outbox.by_platform[Platform.KAKAO] = KakaoOutbound(events)
    app[KAKAO_SKILL] = skill
    if settings.kakao_skill_secret is not None and settings.public_base_url is None:
        base = core.services.image_links.base_url
        logger.warning("CRAYON_PUBLIC_BASE_URL is not set: Kakao cannot fetch drawings from %s/images", base)
    yield
    core.runner.deliveries.couriers.pop(Platform.KAKAO, None)
    core.services.outbox.by_platform.pop(Platform.KAKAO, None)
    await skill.courier.close()
    if events is not None:
        await events.close()


async def _scheduler(app: web.Application) -> AsyncIterator[None]:
    """Reminders and albums: started after the transports, so the first check can reach everyone."""
    services = app[CORE].services
    scheduler = Scheduler(Checks(services.reminders.send_due, services.albums.send_due, services.privacy.expire_old))
    scheduler.start()
    app[SCHEDULER] = scheduler
    yield
    scheduler.stop()


def serve(settings: Settings) -> None:
    """Run the server until SIGINT or SIGTERM, then shut down cleanly."""
    web.run_app(
        build_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        print=lambda text: logger.warning("%s", text.strip()),
        access_log=None,
    )


# -- `crayon chat` --------------------------------------------------------------------------------------


async def chat(settings: Settings, stream: TextIO = sys.stdin) -> None:
    """Run the console chat until end of input or /quit."""
    core = await start_core(settings)
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def read() -> None:
        for line in stream:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    # A daemon thread: a blocked read of the terminal never keeps the program from ending.
    threading.Thread(target=read, name="crayon-console-input", daemon=True).start()
    console = ConsoleChat(core.services, exports_dir=core.settings.data_dir / "exports")
    core.runner.deliveries.couriers[Platform.CONSOLE] = console.courier
    try:
        await console.run(lines)
    finally:
        await core.stop()


def _log_load_failure(future: Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        logger.error("the engine could not load its models", exc_info=future.exception())
