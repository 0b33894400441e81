"""The client side of the Ray Serve engine without a cluster: the wire format (drawings, requests, errors)
and RayEngine against real aiohttp servers on 127.0.0.1 that answer as the Serve proxy and the `crayon`
application do, or fail as they can (not deployed, down, slow, cut off, unreadable)."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from engine import errors
from engine.errors import (
    DiaryError,
    DiaryTooLongError,
    EmptyDiaryError,
    EngineCrashError,
    EngineError,
    EngineOutOfMemoryError,
    EngineTimeoutError,
    EngineUnavailableError,
    SeedError,
    StyleError,
    UnsafeImageError,
    WireFormatError,
    WorkerClosedError,
)
from engine.remote import RayEngine
from engine.stages import DrawingRequest, DrawingResult
from engine.wire import (
    MAX_DIARY_CHARS,
    TRAVELLING,
    error_from_wire,
    error_to_wire,
    request_from_wire,
    request_to_wire,
    result_from_wire,
    result_to_wire,
)
from tests.support.drawings import drawing, picture

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
DIARY = "오늘 엄마랑 시장에 가서 떡볶이를 먹었다"


def closed_port() -> int:
    """A port on 127.0.0.1 that was just free and that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def drawn(request: web.Request) -> web.Response:
    """The application's answer: the diary drawn at the request's seed."""
    asked = request_from_wire(await request.json())
    return web.json_response({"drawing": result_to_wire(drawing(asked.seed or 0))})


@pytest.fixture
async def serve() -> AsyncIterator[Callable[[Handler], Awaitable[str]]]:
    """`await serve(handler)` starts a server that answers POST /crayon with `handler`; returns its URL."""
    servers: list[TestServer] = []

    async def start(handler: Handler) -> str:
        app = web.Application()
        app.router.add_post("/crayon", handler)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
        return str(server.make_url("/crayon"))

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def engines() -> AsyncIterator[Callable[..., RayEngine]]:
    """`engines(url, ...)` makes a RayEngine that is closed after the test."""
    made: list[RayEngine] = []

    def make(url: str, **options: Any) -> RayEngine:
        engine = RayEngine(url, **options)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        await engine.aclose()


# The wire format.


def test_a_drawing_crosses_the_wire_with_its_pixels_and_metadata() -> None:
    sent = drawing()
    received = result_from_wire(json.loads(json.dumps(result_to_wire(sent))))
    assert received.image.mode == "RGB"
    assert received.image.size == sent.image.size
    assert received.image.tobytes() == sent.image.tobytes()
    for field in dataclasses.fields(DrawingResult):
        if field.name != "image":
            assert getattr(received, field.name) == getattr(sent, field.name), field.name


def test_a_request_crosses_the_wire() -> None:
    for sent in (DrawingRequest(DIARY, "joy", 42), DrawingRequest(DIARY, None, 7, "ab" * 32)):
        assert request_from_wire(json.loads(json.dumps(request_to_wire(sent)))) == sent
    assert request_from_wire({"diary": DIARY}) == DrawingRequest(DIARY)


@pytest.mark.parametrize(
    "body",
    [
        {"diary": DIARY, "seed": True},
        {"diary": DIARY, "seed": "42"},
        {"diary": DIARY, "style": 3},
        {"style": "joy", "seed": 1},
        {"diary": None},
        {"diary": "가" * (MAX_DIARY_CHARS + 1)},
        {"diary": DIARY, "key": 42},
        {"diary": DIARY, "key": "ab" * 31},
        {"diary": DIARY, "key": "AB" * 32},
        {"diary": DIARY, "key": "ab" * 31 + "../"},
        [DIARY],
        DIARY,
    ],
)
def test_a_request_that_is_not_the_wire_format_is_refused(body: object) -> None:
    with pytest.raises(WireFormatError):
        request_from_wire(body)


@pytest.mark.parametrize(
    "error",
    [
        DiaryTooLongError("the diary has 2500 characters; the limit is 2000"),
        UnsafeImageError("flagged twice"),
        EngineOutOfMemoryError("CUDA out of memory"),
        EmptyDiaryError("the diary is empty"),
    ],
)
def test_an_error_that_travels_keeps_its_type_and_message(error: Exception) -> None:
    received = error_from_wire(json.loads(json.dumps(error_to_wire(error))))
    assert type(received) is type(error)
    assert str(received) == str(error)


def test_a_subclass_travels_as_its_nearest_travelling_base() -> None:
    class MuchTooLongError(DiaryTooLongError):
        pass

    received = error_from_wire(error_to_wire(MuchTooLongError("3000 characters")))
    assert type(received) is DiaryTooLongError
    assert str(received) == "3000 characters"


def test_an_unknown_error_becomes_a_crash_without_its_message() -> None:
    wire = error_to_wire(KeyError(DIARY))
    assert wire["type"] == "EngineCrashError"
    assert DIARY not in json.dumps(wire, ensure_ascii=False)
    received = error_from_wire(wire)
    assert type(received) is EngineCrashError
    assert str(received) == "KeyError in the engine"


@pytest.mark.parametrize("data", [None, "DiaryTooLongError", ["DiaryTooLongError", "long"], 3])
def test_an_error_that_is_not_an_object_becomes_a_crash(data: object) -> None:
    assert type(error_from_wire(data)) is EngineCrashError


def test_an_error_of_an_unknown_name_becomes_a_crash() -> None:
    received = error_from_wire({"type": "SystemExit", "message": "bye"})
    assert type(received) is EngineCrashError


def subclasses(kind: type[EngineError]) -> list[type[EngineError]]:
    """Every class under `kind` that engine.errors defines (a test's own subclass is not the engine's)."""
    found = []
    for sub in kind.__subclasses__():
        if sub.__module__ == errors.__name__:
            found += [sub, *subclasses(sub)]
    return found


@pytest.mark.parametrize("kind", [DiaryError, *subclasses(DiaryError)], ids=lambda kind: kind.__name__)
def test_every_diary_error_travels_with_no_list_to_keep(kind: type[DiaryError]) -> None:
    received = error_from_wire(json.loads(json.dumps(error_to_wire(kind("the diary's own")))))
    assert type(received) is kind
    assert str(received) == "the diary's own"


def test_the_travelling_errors_are_read_off_the_class_tree() -> None:
    assert {DiaryError, *subclasses(DiaryError), SeedError, EngineOutOfMemoryError, EngineCrashError} <= set(
        TRAVELLING.values()
    )
    assert all(kind is ValueError or kind.__module__ == errors.__name__ for kind in TRAVELLING.values())
    assert EngineUnavailableError not in TRAVELLING.values(), "made by the bot's side, never sent"


@pytest.mark.parametrize(
    ("error", "sent_as"),
    [
        (StyleError("style.json is not valid"), ValueError),  # a ValueError the engine raised for the request
        (WireFormatError("seed is an integer or null"), ValueError),
        (WorkerClosedError("closed"), EngineCrashError),
    ],
)
def test_an_engine_error_that_does_not_travel_goes_as_its_nearest_base(error: Exception, sent_as: type) -> None:
    assert type(error_from_wire(error_to_wire(error))) is sent_as


# RayEngine against real servers.


async def test_a_drawing_comes_back_with_the_same_pixels(serve: Any, engines: Any) -> None:
    engine = engines(await serve(drawn))
    outcome = await engine.draw(DrawingRequest(DIARY, seed=77))
    assert isinstance(outcome, DrawingResult)
    assert outcome.seed == 77
    assert outcome.image.tobytes() == picture().tobytes()
    assert outcome.redrawn_for_safety is True
    assert engine.loaded is True
    assert engine.unavailable_for is None
    assert engine.busy is False


async def test_an_application_that_is_not_deployed_is_unavailable_until_it_answers(serve: Any, engines: Any) -> None:
    answers = 0

    async def coming_up(request: web.Request) -> web.StreamResponse:
        nonlocal answers
        answers += 1
        if answers == 1:
            return web.Response(status=404, text="Path '/crayon' not found")
        if answers == 2:
            return web.Response(status=503, text="Service Unavailable")
        return await drawn(request)

    engine = engines(await serve(coming_up))
    assert engine.loaded is False
    assert engine.unavailable_for is None

    first = await engine.draw(DrawingRequest(DIARY, seed=1))
    assert isinstance(first, EngineUnavailableError)
    down_for = engine.unavailable_for
    assert isinstance(down_for, float)
    assert down_for >= 0
    assert engine.loaded is False

    second = await engine.draw(DrawingRequest(DIARY, seed=2))
    assert isinstance(second, EngineUnavailableError)
    still_down = engine.unavailable_for
    assert still_down is not None
    assert still_down >= down_for, "measured from the first answer that found it down"
    assert engine.loaded is False

    third = await engine.draw(DrawingRequest(DIARY, seed=3))
    assert isinstance(third, DrawingResult)
    assert third.seed == 3
    assert third.image.tobytes() == picture().tobytes()
    assert engine.unavailable_for is None
    assert engine.loaded is True
    assert answers == 3


async def test_a_503_with_the_applications_error_is_that_error(serve: Any, engines: Any) -> None:
    async def out_of_memory(request: web.Request) -> web.Response:
        return web.json_response({"error": error_to_wire(EngineOutOfMemoryError("CUDA out of memory"))}, status=503)

    engine = engines(await serve(out_of_memory))
    outcome = await engine.draw(DrawingRequest(DIARY))
    assert type(outcome) is EngineOutOfMemoryError
    assert str(outcome) == "CUDA out of memory"
    assert engine.unavailable_for is None
    assert engine.loaded is True


async def test_the_diarys_own_error_comes_back_by_type(serve: Any, engines: Any) -> None:
    message = "the diary has 2500 characters; the limit is 2000: shorten it to the main moment"

    async def too_long(request: web.Request) -> web.Response:
        return web.json_response({"error": {"type": "DiaryTooLongError", "message": message}})

    engine = engines(await serve(too_long))
    outcome = await engine.draw(DrawingRequest(DIARY * 100))
    assert type(outcome) is DiaryTooLongError
    assert str(outcome) == message
    assert engine.loaded is True


async def broken_png(request: web.Request) -> web.Response:
    wire = result_to_wire(drawing())
    wire["png"] = base64.b64encode(b"\x89PNG\r\n\x1a\n but not an image").decode("ascii")
    return web.json_response({"drawing": wire})


async def not_json(request: web.Request) -> web.Response:
    return web.Response(text="<html>Internal Server Error</html>", content_type="text/html")


async def no_drawing(request: web.Request) -> web.Response:
    return web.json_response({"drawn": True})


async def server_error(request: web.Request) -> web.Response:
    return web.Response(status=500, text="Traceback (most recent call last): ...")


async def cut_off(request: web.Request) -> web.StreamResponse:
    """The connection closed before any answer: a replica that died mid-drawing."""
    await request.read()
    assert request.transport is not None
    request.transport.close()
    return web.Response(text="never sent")


async def cut_short(request: web.Request) -> web.StreamResponse:
    """Half an answer, then the connection closed."""
    await request.read()
    response = web.StreamResponse(headers={"Content-Type": "application/json"})
    response.content_length = 10_000
    await response.prepare(request)
    await response.write(b'{"drawing": {"png": "iVBOR')
    assert request.transport is not None
    request.transport.close()
    return response


@pytest.mark.parametrize("handler", [broken_png, not_json, no_drawing, server_error, cut_off, cut_short])
async def test_an_answer_that_cannot_be_read_is_a_crash(handler: Handler, serve: Any, engines: Any) -> None:
    engine = engines(await serve(handler), timeout_seconds=5)
    outcome = await engine.draw(DrawingRequest(DIARY))
    assert type(outcome) is EngineCrashError
    assert DIARY not in str(outcome)
    assert engine.busy is False


async def test_an_answer_over_the_size_limit_is_a_crash(serve: Any, engines: Any) -> None:
    engine = engines(await serve(drawn), timeout_seconds=5, answer_limit_bytes=100)
    outcome = await engine.draw(DrawingRequest(DIARY))
    assert type(outcome) is EngineCrashError
    assert engine.busy is False
    whole = engines(engine.url, timeout_seconds=5)
    assert isinstance(await whole.draw(DrawingRequest(DIARY)), DrawingResult)


async def test_an_answer_that_arrives_in_pieces_is_read_whole(serve: Any, engines: Any) -> None:
    # A drawing is tens of kilobytes: the network hands it over in pieces, with pauses between them.
    async def in_pieces(request: web.Request) -> web.StreamResponse:
        asked = request_from_wire(await request.json())
        body = json.dumps({"drawing": result_to_wire(drawing(asked.seed or 0))}).encode()
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        await response.prepare(request)
        for start in range(0, len(body), 200):
            await response.write(body[start : start + 200])
            await asyncio.sleep(0.01)
        await response.write_eof()
        return response

    engine = engines(await serve(in_pieces), timeout_seconds=5)
    outcome = await engine.draw(DrawingRequest(DIARY, seed=7))
    assert isinstance(outcome, DrawingResult)
    assert outcome.image.tobytes() == drawing(7).image.tobytes()


async def test_a_drawing_that_takes_too_long_is_unavailable_not_a_crash(serve: Any, engines: Any) -> None:
    # The runner then waits without spending a try; the try sent again carries the same key (tested with the
    # cluster) and gets the drawing made meanwhile. The cluster is slow, not down: health does not say down.
    release = asyncio.Event()
    arrived = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        arrived.set()
        await asyncio.wait_for(release.wait(), 10)
        return await drawn(request)

    engine = engines(await serve(slow), timeout_seconds=0.5)
    try:
        outcome = await engine.draw(DrawingRequest(DIARY))
    finally:
        release.set()
    assert arrived.is_set()
    assert type(outcome) is EngineTimeoutError
    assert isinstance(outcome, EngineUnavailableError)
    assert engine.unavailable_for is None
    assert engine.busy is False


async def test_a_closed_port_is_unavailable(engines: Any) -> None:
    engine = engines(f"http://127.0.0.1:{closed_port()}/crayon", timeout_seconds=2)
    outcome = await engine.draw(DrawingRequest(DIARY))
    assert type(outcome) is EngineUnavailableError
    assert engine.unavailable_for is not None
    assert engine.loaded is False
    assert engine.busy is False


async def test_draw_many_sends_every_request_at_once(serve: Any, engines: Any) -> None:
    in_flight = 0
    most = 0
    all_here = asyncio.Event()

    async def waits_for_three(request: web.Request) -> web.Response:
        nonlocal in_flight, most
        asked = request_from_wire(await request.json())
        in_flight += 1
        most = max(most, in_flight)
        if in_flight >= 3:
            all_here.set()
        try:
            await asyncio.wait_for(all_here.wait(), 5)
        except TimeoutError:
            return web.json_response({"error": {"type": "EngineCrashError", "message": "alone"}})
        finally:
            in_flight -= 1
        return web.json_response({"drawing": result_to_wire(drawing(asked.seed or 0))})

    engine = engines(await serve(waits_for_three), timeout_seconds=10)
    requests = [DrawingRequest(f"{DIARY} {n}", seed=n) for n in (11, 22, 33)]
    outcomes = await engine.draw_many(requests)
    assert [type(outcome) for outcome in outcomes] == [DrawingResult] * 3
    assert [outcome.seed for outcome in outcomes if isinstance(outcome, DrawingResult)] == [11, 22, 33]
    assert most == 3
    assert engine.busy is False


async def test_warm_up_returns_once_the_application_answers(serve: Any, engines: Any) -> None:
    probes: list[DrawingRequest] = []

    async def loading(request: web.Request) -> web.Response:
        probes.append(request_from_wire(await request.json()))
        if len(probes) <= 2:
            return web.Response(status=404, text="not found")
        return web.json_response({"error": error_to_wire(EmptyDiaryError("the diary is empty"))})

    engine = engines(await serve(loading), timeout_seconds=2)
    await asyncio.wait_for(engine.warm_up(timeout_seconds=30), 15)
    assert len(probes) == 3
    assert all(probe.diary == "" for probe in probes), "the probe is an empty diary, refused before any model"
    assert engine.loaded is True
    assert engine.unavailable_for is None


async def test_warm_up_gives_up_when_nothing_answers(engines: Any) -> None:
    engine = engines(f"http://127.0.0.1:{closed_port()}/crayon", timeout_seconds=1)
    with pytest.raises(EngineUnavailableError):
        await asyncio.wait_for(engine.warm_up(timeout_seconds=0.2), 10)
    assert engine.loaded is False
    assert engine.unavailable_for is not None
