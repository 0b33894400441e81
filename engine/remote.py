"""The engine on a Ray Serve cluster, seen from the bot: each diary one HTTP request to the application
`crayon` at CRAYON_RAY_SERVE_URL, so Serve batches diaries from any number of bots. The bot needs no Ray
of its own and outlives the cluster: a cluster that is down makes EngineUnavailableError, not a crash."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import TYPE_CHECKING, Any

import aiohttp

from engine.errors import EngineCrashError, EngineTimeoutError, EngineUnavailableError, WireFormatError
from engine.stages import DrawingRequest, DrawingResult
from engine.wire import MAX_ANSWER_BYTES, SPEECH_PATH, error_from_wire, request_to_wire, result_from_wire

if TYPE_CHECKING:
    import numpy as np

logger = logging.getLogger(__name__)


class RayEngine:
    """Sends drawings to the Serve application and reads back the PNG and its metadata."""

    def __init__(
        self,
        url: str,
        *,
        timeout_seconds: float = 300.0,
        jobs_in_flight: int | None = None,
        answer_limit_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        self.url = url
        self.timeout_seconds = timeout_seconds
        self.answer_limit_bytes = answer_limit_bytes
        self._jobs_in_flight = jobs_in_flight
        """What the application says it takes at once (every answer says), else what the bot's settings say."""
        self._session: aiohttp.ClientSession | None = None
        self._in_flight = 0
        self._answered = False
        self._unreachable_since: float | None = None

    @property
    def busy(self) -> bool:
        return self._in_flight > 0

    @property
    def loaded(self) -> bool:
        return self._answered and self._unreachable_since is None

    @property
    def jobs_in_flight(self) -> int | None:
        return self._jobs_in_flight

    @property
    def unavailable_for(self) -> float | None:
        return None if self._unreachable_since is None else time.monotonic() - self._unreachable_since

    async def draw_many(self, requests: list[DrawingRequest]) -> list[DrawingResult | Exception]:
        """Every request sent at once, each on its own (the cluster batches them)."""
        return list(await asyncio.gather(*(self.draw(request) for request in requests)))

    async def draw(self, request: DrawingRequest) -> DrawingResult | Exception:
        """The drawing, or the error: the diary's own, EngineUnavailableError (the cluster does not answer,
        nothing was drawn; or it answered nothing in time: a try sent again with the request's key gets the
        drawing made meanwhile, not a second one), EngineCrashError (a replica died, an answer that cannot be
        read) or EngineOutOfMemoryError."""
        self._in_flight += 1
        try:
            status, body = await self._post({"json": request_to_wire(request)})
        except TimeoutError:
            # Slow, not down: the cluster is not marked unreachable, and the job waits without spending a try.
            return EngineTimeoutError(f"no drawing from the cluster within {self.timeout_seconds:.0f} s")
        except aiohttp.ServerDisconnectedError:
            return EngineCrashError("the cluster closed the connection mid-drawing")
        except (aiohttp.ClientConnectionError, ConnectionError):
            self._unreachable()
            return EngineUnavailableError(f"the engine cluster does not answer at {self.url}")
        except aiohttp.ClientError as error:  # an answer cut short or not HTTP: a drawing may have been made
            return EngineCrashError(f"the cluster sent an answer that cannot be read ({type(error).__name__})")
        finally:
            self._in_flight -= 1
        return self._outcome(status, body)

    async def transcribe(self, samples: np.ndarray) -> str:
        """What the application's Listener heard in the recording; EngineUnavailableError when the cluster
        does not answer, EngineTimeoutError or EngineCrashError when it heard nothing back in time."""
        self._in_flight += 1
        try:
            url = self.url.rstrip("/") + SPEECH_PATH
            status, body = await self._post({"data": samples.astype("<f4").tobytes()}, url)
        except TimeoutError as error:
            raise EngineTimeoutError(f"nothing heard back within {self.timeout_seconds:.0f} s") from error
        except (aiohttp.ClientConnectionError, ConnectionError) as error:
            if not isinstance(error, aiohttp.ServerDisconnectedError):
                self._unreachable()
                raise EngineUnavailableError(f"the engine cluster does not answer at {self.url}") from error
            raise EngineCrashError("the cluster closed the connection while listening") from error
        except aiohttp.ClientError as error:
            raise EngineCrashError(
                f"the cluster sent an answer that cannot be read ({type(error).__name__})"
            ) from error
        finally:
            self._in_flight -= 1
        if status == 404 or (status in (502, 503) and not (isinstance(body, dict) and "error" in body)):
            self._unreachable()
            raise EngineUnavailableError(f"the engine application is not running at {self.url} ({status})")
        self._reachable()
        if isinstance(body, dict) and "error" in body:
            raise error_from_wire(body["error"])
        if status != 200 or not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise EngineCrashError(f"the cluster answered {status} without what it heard")
        return str(body["text"])

    def _outcome(self, status: int, body: Any) -> DrawingResult | Exception:
        if status == 404 or (status in (502, 503) and not (isinstance(body, dict) and "error" in body)):
            # The proxy answers but `crayon` is not deployed (or not ready): nothing was drawn.
            self._unreachable()
            return EngineUnavailableError(f"the engine application is not running at {self.url} ({status})")
        self._reachable()
        if not isinstance(body, dict):
            return EngineCrashError(f"the cluster answered {status} without a drawing")
        said = body.get("jobs_in_flight")
        if type(said) is int and said > 0:
            self._jobs_in_flight = said
        if "error" in body:
            return error_from_wire(body["error"])
        if status != 200 or "drawing" not in body:
            return EngineCrashError(f"the cluster answered {status} without a drawing")
        try:
            return result_from_wire(body["drawing"])
        except WireFormatError as error:
            return EngineCrashError(str(error))

    async def _post(self, payload: dict[str, Any], url: str | None = None) -> tuple[int, Any]:
        """POST `payload` (aiohttp's `json=` or `data=`) to the application, or to `url` under it."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout_seconds),
                # As many connections as drawings in flight: each waits for its whole drawing.
                connector=aiohttp.TCPConnector(limit=0),
            )
        async with self._session.post(url or self.url, **payload) as response:
            # `read(n)` hands back what has arrived so far, at most n bytes: read on to the end of the answer.
            raw = b""
            while chunk := await response.content.read(self.answer_limit_bytes + 1 - len(raw)):
                raw += chunk
                if len(raw) > self.answer_limit_bytes:
                    raise aiohttp.ClientPayloadError(f"an answer over {self.answer_limit_bytes} bytes")
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            return response.status, body

    def _unreachable(self) -> None:
        if self._unreachable_since is None:
            logger.warning("the engine cluster does not answer at %s; drawings wait", self.url)
            self._unreachable_since = time.monotonic()

    def _reachable(self) -> None:
        if self._unreachable_since is not None:
            logger.info("the engine cluster answers again")
        self._unreachable_since = None
        self._answered = True

    async def free_memory(self) -> None:
        """The replicas free their own memory."""

    async def warm_up(self, timeout_seconds: float = 600.0) -> None:
        """Wait until the application answers (its replicas have loaded their models)."""
        deadline = time.monotonic() + timeout_seconds
        probe = DrawingRequest("")  # an empty diary: refused by the checks, before any model runs
        while True:
            outcome = await self.draw(probe)
            if not isinstance(outcome, EngineUnavailableError):
                return
            if time.monotonic() > deadline:
                raise outcome
            await asyncio.sleep(1.0)

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
