"""The engine as the Ray Serve application `crayon`.

`PromptWriter` (the HTTP ingress: checks, text guard, emotion and scene, batched with `@serve.batch`)
hands each written diary to `Painter` (SD3.5 Medium + LoRA + image safety, batched the same way). The bot
posts one diary per request to the Serve proxy and gets the PNG and the drawing's metadata back; a voice
diary's recording, posted to the route's `/speech`, goes to `Listener` (Whisper) and its words come back. A request
carries its job's key, and `Answers` keeps the drawings made lately by key: a job sent again (the bot
stopped waiting) gets the drawing made for it, or waits for the one being made, rather than a second.
Each replica loads its half of the models once, runs every model call on one thread of its own, and is
built with the settings the application was built with: the deploying side's (`crayon engine deploy`)
or, with `serve deploy`, those of the config's `runtime_env` and `args`.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ray import serve
from ray.serve.handle import DeploymentHandle
from starlette.requests import Request
from starlette.responses import JSONResponse

from engine.answers import AnswerLedger, Claim
from engine.errors import EngineCrashError, EngineOutOfMemoryError, WireFormatError, is_out_of_memory
from engine.settings import ServingSettings
from engine.stages import DrawingRequest, DrawingResult, PaintingStage, PreparedDrawing, WritingStage
from engine.wire import SPEECH_PATH, error_to_wire, request_from_wire, result_to_wire

logger = logging.getLogger(__name__)

APP_NAME = "crayon"
WRITER = "PromptWriter"
PAINTER = "Painter"
ANSWERS = "Answers"
LISTENER = "Listener"
ANSWERS_TIMEOUT_SECONDS = 5.0
"""How long a PromptWriter waits for `Answers` to answer a claim or take a drawing (it only keeps answers)."""
MOST_IN_ONE_BATCH = 32
"""The decorators' ceiling; each replica sets its own from CRAYON_BATCH_SIZE."""


def _settings(values: dict[str, Any]) -> ServingSettings:
    return ServingSettings(_env_file=None, **values)


def _load_profile(settings: ServingSettings) -> Any:
    from engine.profiles import configure_threads, resolve_profile

    profile = resolve_profile(settings)
    configure_threads(settings, profile, serving=True)
    return profile


# A CUDA error that stays with the process: every later call fails the same way until the replica is replaced.
STICKY_GPU_ERRORS = ("CUDA error", "illegal memory access", "device-side assert", "CUBLAS_STATUS", "CUDNN_STATUS")


class _ModelThread:
    """Every model call of a replica on one thread, in order, off the replica's event loop."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self.broken: str | None = None
        """The kind of sticky GPU error a call met, if any."""

    async def run(self, fn: Any, *args: Any) -> Any:
        try:
            return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
        except Exception as error:
            if is_out_of_memory(error) and not isinstance(error, EngineOutOfMemoryError):
                from engine.profiles import free_device_memory

                await asyncio.get_running_loop().run_in_executor(self._executor, free_device_memory)
                raise EngineOutOfMemoryError(f"out of memory: {type(error).__name__}") from error
            if any(sign in str(error) for sign in STICKY_GPU_ERRORS):
                self.broken = type(error).__name__
            raise

    def check_health(self) -> None:
        """Serve's health check: a replica whose GPU failed for good is replaced."""
        if self.broken is not None:
            raise RuntimeError(f"the replica's GPU failed ({self.broken}); it must be replaced")


class PainterReplica:
    """SD3.5 Medium with the style LoRA and the image safety check; a batch of diaries per diffusion call."""

    def __init__(self, settings: dict[str, Any]) -> None:
        from engine.pipeline import load_painting

        resolved = _settings(settings)
        # The first call pays for lazy setup (and compiling, when on): here, before the replica is RUNNING.
        self.stage: PaintingStage = load_painting(resolved, _load_profile(resolved), warm_up=True)
        self.models = _ModelThread("crayon-painter")
        self.paint.set_max_batch_size(resolved.batch_size)

    def check_health(self) -> None:
        self.models.check_health()

    @serve.batch(max_batch_size=MOST_IN_ONE_BATCH, batch_wait_timeout_s=0.02)
    async def paint(self, prepared: list[PreparedDrawing]) -> list[dict[str, Any]]:
        """Each diary's drawing (`{"drawing": …}`) or its error (`{"error": …}`)."""
        outcomes: list[DrawingResult | Exception] = await self.models.run(self.stage.paint_many, prepared)
        return [
            {"drawing": result_to_wire(outcome)}
            if isinstance(outcome, DrawingResult)
            else {"error": error_to_wire(outcome)}
            for outcome in outcomes
        ]


class ListenerReplica:
    """Whisper: writes down the recordings of voice diaries, one at a time on its own model thread."""

    def __init__(self, settings: dict[str, Any]) -> None:
        from engine.speech import load_transcriber

        resolved = _settings(settings)
        self.transcriber = load_transcriber(resolved, _load_profile(resolved))
        self.models = _ModelThread("crayon-listener")

    def check_health(self) -> None:
        self.models.check_health()

    async def hear(self, samples: bytes) -> str:
        """What the recording (16 kHz mono, little-endian float32) says."""
        import numpy as np

        heard: str = await self.models.run(self.transcriber.transcribe, np.frombuffer(samples, dtype="<f4"))
        return heard


class AnswersReplica:
    """The drawings made lately, by the key the bot sent with them (see `engine.answers`): one replica for
    the application, so a request sent again finds its drawing whichever PromptWriter it reaches. Every
    method is a coroutine, so the ledger is only ever touched on the replica's event loop."""

    def __init__(self, most: int) -> None:
        self.ledger = AnswerLedger(most=most)

    async def claim(self, key: str) -> Claim:
        return self.ledger.claim(key)

    async def wait(self, key: str) -> Claim:
        return await self.ledger.wait(key)

    async def finish(self, key: str, ticket: int, answer: dict[str, Any] | None) -> None:
        self.ledger.finish(key, ticket, answer)


class WriterReplica:
    """Qwen3 for emotion and scene (and the text guard), a batch of diaries at a time; the ingress."""

    def __init__(
        self, settings: dict[str, Any], painter: DeploymentHandle, answers: DeploymentHandle, listener: DeploymentHandle
    ) -> None:
        from engine.pipeline import load_writing

        resolved = _settings(settings)
        self.stage: WritingStage = load_writing(resolved, _load_profile(resolved), warm_up=True)
        self.painter = painter
        self.answers = answers
        self.listener = listener
        self._keeping: set[asyncio.Future[tuple[dict[str, Any], int]]] = set()
        # Every answer says how many drawings the application takes at once, so a bot keeps that many in flight.
        self.jobs_in_flight = resolved.jobs_in_flight
        self.models = _ModelThread("crayon-writer")
        self.write.set_max_batch_size(resolved.batch_size)

    def check_health(self) -> None:
        self.models.check_health()

    @serve.batch(max_batch_size=MOST_IN_ONE_BATCH, batch_wait_timeout_s=0.02)
    async def write(self, requests: list[DrawingRequest]) -> list[PreparedDrawing | Exception]:
        outcomes: list[PreparedDrawing | Exception] = await self.models.run(self.stage.prepare_many, requests)
        return outcomes

    async def __call__(self, http: Request) -> JSONResponse:
        """One diary: 200 with its drawing or its diary's error; 400 for a malformed request; 503 with the
        error for a failure worth another try (a painter that died, memory that ran out). Each answer says
        `jobs_in_flight`. A recording posted to `/speech` is heard instead."""
        if http.url.path.rstrip("/").endswith(SPEECH_PATH):
            body, status = await self._hear(http)
        else:
            body, status = await self._answer(http)
        return JSONResponse({**body, "jobs_in_flight": self.jobs_in_flight}, status_code=status)

    async def _hear(self, http: Request) -> tuple[dict[str, Any], int]:
        """`{"text": …}`: what the Listener heard; 400 for a body that is no recording a minute long at most."""
        from engine.speech import MAX_SECONDS, RATE

        samples = await http.body()
        if not samples or len(samples) % 4 or len(samples) > 4 * (int(MAX_SECONDS * RATE) + 1):
            message = "not a recording: up to a minute of 16 kHz mono float32 samples"
            return {"error": {"type": "ValueError", "message": message}}, 400
        try:
            heard: str = await self.listener.hear.remote(samples)
        except Exception as error:
            logger.warning("a recording could not be heard in the cluster: %s", type(error).__name__)
            kind = error if isinstance(error, EngineOutOfMemoryError) else EngineCrashError(type(error).__name__)
            return {"error": error_to_wire(kind)}, 503
        return {"text": heard}, 200

    async def _answer(self, http: Request) -> tuple[dict[str, Any], int]:
        try:
            request = request_from_wire(await http.json())
        except (ValueError, WireFormatError) as error:
            return {"error": {"type": "ValueError", "message": str(error)}}, 400
        if request.key is None:
            return await self._draw(request)
        claim = await self._claim(request.key)
        if claim.answer is not None:
            return claim.answer, 200
        # Drawn to the end and kept even when the bot stops waiting: Serve cancels a request whose client
        # went away, and every call made in its context, so the drawing runs in a context of its own.
        drawing = asyncio.get_running_loop().create_task(
            self._draw_and_keep(request, request.key, claim.ticket), context=contextvars.Context()
        )
        self._keeping.add(drawing)
        drawing.add_done_callback(self._keeping.discard)
        return await asyncio.shield(drawing)

    async def _claim(self, key: str) -> Claim:
        """The key's claim: the drawing kept, or a ticket to draw it, after waiting for a drawing in progress.
        `Answers` gets a few seconds to answer; without it the diary is drawn and nothing is kept."""
        try:
            claim: Claim = await asyncio.wait_for(self.answers.claim.remote(key), ANSWERS_TIMEOUT_SECONDS)
            while claim.answer is None and claim.ticket is None:
                claim = await self.answers.wait.remote(key)
            return claim
        except Exception as error:
            logger.warning("the answers kept could not be asked: %s", type(error).__name__)
            return Claim()

    async def _draw_and_keep(self, request: DrawingRequest, key: str, ticket: int | None) -> tuple[dict[str, Any], int]:
        drawn: dict[str, Any] | None = None
        try:
            body, status = await self._draw(request)
            drawn = body if status == 200 and "drawing" in body else None
            return body, status
        finally:
            if ticket is not None:
                try:
                    await asyncio.wait_for(self.answers.finish.remote(key, ticket, drawn), ANSWERS_TIMEOUT_SECONDS)
                except Exception as error:
                    logger.warning("a drawing could not be kept for its retries: %s", type(error).__name__)

    async def _draw(self, request: DrawingRequest) -> tuple[dict[str, Any], int]:
        try:
            prepared = await self.write(request)
            if isinstance(prepared, Exception):
                return {"error": error_to_wire(prepared)}, 200
            painted: dict[str, Any] = await self.painter.paint.remote(prepared)
        except Exception as error:
            logger.warning("a drawing failed in the cluster: %s", type(error).__name__)
            kind = error if isinstance(error, EngineOutOfMemoryError) else EngineCrashError(type(error).__name__)
            return {"error": error_to_wire(kind)}, 503
        status = 503 if "error" in painted and painted["error"]["type"] == EngineOutOfMemoryError.__name__ else 200
        return painted, status


PainterDeployment = serve.deployment(name=PAINTER)(PainterReplica)
WriterDeployment = serve.deployment(name=WRITER)(WriterReplica)
ListenerDeployment = serve.deployment(name=LISTENER)(ListenerReplica)
# No CPU of its own (it only keeps answers), and room for every request that waits on a drawing in progress.
AnswersDeployment = serve.deployment(
    name=ANSWERS, num_replicas=1, ray_actor_options={"num_cpus": 0}, max_ongoing_requests=1000
)(AnswersReplica)


def gpu_shares(settings: ServingSettings, cluster_gpus: float) -> tuple[float, float, float]:
    """GPUs per writer, painter and listener replica: as set, else one card shared 0.45, 0.45 and 0.1 when the
    cluster has GPUs."""
    has = cluster_gpus > 0
    writer = (0.45 if has else 0.0) if settings.ray_writer_gpus is None else settings.ray_writer_gpus
    painter = (0.45 if has else 0.0) if settings.ray_painter_gpus is None else settings.ray_painter_gpus
    listener = (0.1 if has else 0.0) if settings.ray_listener_gpus is None else settings.ray_listener_gpus
    return writer, painter, listener


def deployment_options(
    settings: ServingSettings, role: str, gpus: float, *, stop_seconds: float | None = None
) -> dict[str, Any]:
    """Replicas (or autoscaling bounds), resources and how many requests a replica takes at once; with
    `stop_seconds`, how long a replica being removed may finish its requests (Serve's default is 20 s)."""
    replicas: int = getattr(settings, f"ray_{role}_replicas")
    most: int = getattr(settings, f"ray_{role}_max_replicas")
    batch = settings.batch_size
    # A writer holds its requests while they are painted: room for a batch writing, two painting and one
    # arriving.
    ongoing = 4 * batch if role == "writer" else 2 * batch
    options: dict[str, Any] = {
        "ray_actor_options": {"num_cpus": settings.ray_replica_cpus, "num_gpus": gpus},
        "max_ongoing_requests": ongoing,
    }
    if role == "writer":
        # The ingress: beyond this many waiting, the proxy answers 503 at once and the bot waits without
        # spending a try (a painter's full queue would reach the bot as a crash instead).
        options["max_queued_requests"] = 2 * ongoing
    if most > replicas:
        options["autoscaling_config"] = {
            "min_replicas": replicas,
            "max_replicas": most,
            "target_ongoing_requests": ongoing // 2,
        }
    else:
        options["num_replicas"] = replicas
    if stop_seconds is not None:
        options["graceful_shutdown_timeout_s"] = stop_seconds
    return options


def replica_settings(settings: ServingSettings) -> dict[str, Any]:
    """The settings a replica is built with; folders made absolute, so they name the same place there."""
    values = settings.model_dump(mode="json", include=set(ServingSettings.model_fields))
    for field in ("data_dir", "models_dir", "lora"):
        if values.get(field) is not None:
            values[field] = str(getattr(settings, field).resolve())
    return values


def application(settings: ServingSettings, cluster_gpus: float, *, stop_seconds: float | None = None) -> Any:
    """The `crayon` application: PromptWriter (ingress) → Painter, with Answers and Listener beside them.
    `stop_seconds` bounds how long its replicas may take to stop (a replica that never started waits all of it)."""
    writer_gpus, painter_gpus, listener_gpus = gpu_shares(settings, cluster_gpus)
    values = replica_settings(settings)
    painter_options = deployment_options(settings, "painter", painter_gpus, stop_seconds=stop_seconds)
    painter = PainterDeployment.options(**painter_options).bind(values)
    # Room for the answers of a few rounds of everything in flight, at least 64.
    stopping = {} if stop_seconds is None else {"graceful_shutdown_timeout_s": stop_seconds}
    answers = AnswersDeployment.options(**stopping).bind(max(64, 4 * settings.jobs_in_flight))
    listener = ListenerDeployment.options(
        ray_actor_options={"num_cpus": settings.ray_replica_cpus, "num_gpus": listener_gpus},
        num_replicas=1,
        # Each is heard on its model thread one at a time; more than this many wait in the writers' handles.
        max_ongoing_requests=4 * settings.batch_size,
        **stopping,
    ).bind(values)
    writer = WriterDeployment.options(**deployment_options(settings, "writer", writer_gpus, stop_seconds=stop_seconds))
    return writer.bind(values, painter, answers, listener)


def build(args: dict[str, Any]) -> Any:
    """For `serve deploy` and KubeRay's RayService (`import_path: engine.serving:build`): the settings from
    the environment the config's `runtime_env` gives, with its `args` (engine settings by field name) over
    them; the replicas are built with these."""
    import ray

    unknown = set(args) - set(ServingSettings.model_fields)
    if unknown:
        raise ValueError(f"args that are not engine settings: {sorted(unknown)}")
    settings = ServingSettings(_env_file=None, **args)
    return application(settings, float(ray.cluster_resources().get("GPU", 0)))
