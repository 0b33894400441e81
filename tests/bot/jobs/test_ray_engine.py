"""The engine on a real local Ray cluster (`ray start --head --num-cpus 2`), deployed once with
`crayon engine deploy` (one PromptWriter, two Painters, the Listener), drawn on by `crayon serve` with
CRAYON_ENGINE=ray: the same PNG and the same words heard as the local engine, a Painter replica killed in
the middle of a drawing, a cluster that stops with diaries waiting."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from bot import messages
from bot.settings import Settings
from engine.errors import EmptyDiaryError, SeedError
from engine.pipeline import DiaryPipeline
from engine.profiles import resolve_profile
from engine.remote import RayEngine
from engine.speech import RATE, decode, load_transcriber
from engine.stages import DrawingRequest, DrawingResult
from storage.images import ImageStore
from tests.support.audio import recording
from tests.support.processes import rows, start_serve
from tests.support.settings import FAST
from tests.support.telegram_stub import BotApiStub, free_port

pytestmark = pytest.mark.slow

RAY = str(Path(sys.executable).with_name("ray"))
DEPLOYED = {
    "CRAYON_PROFILE": "tiny",
    "CRAYON_TORCH_THREADS": "1",
    "CRAYON_RAY_PAINTER_REPLICAS": "2",
    "CRAYON_FAULTS": "paint_hang",
    **{f"CRAYON_{name.upper()}": str(value) for name, value in FAST.items()},
}


@dataclass
class Cluster:
    """A Ray head on this machine, stopped by SIGTERM (which stops this cluster's processes only)."""

    env: dict[str, str]
    data_dir: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def serve_url(self) -> str:
        return self.env["CRAYON_RAY_SERVE_URL"]

    def start(self) -> None:
        command = [RAY, "start", "--head", "--block", "--num-cpus", "2", f"--port={self.port}"]
        command += ["--include-dashboard=false", "--disable-usage-stats"]
        self.process = subprocess.Popen(
            command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        until = time.monotonic() + 120
        while crayon("engine", "status", env=self.env).returncode != 0:
            assert self.process.poll() is None, "ray start exited"
            assert time.monotonic() < until, "the Ray head did not come up"
            time.sleep(1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def deploy(self) -> subprocess.CompletedProcess[str]:
        done = crayon("engine", "deploy", env=self.env, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done

    def wait_for_painters(self, running: int, timeout: float = 120) -> None:
        until = time.monotonic() + timeout
        while True:
            state = json.loads(crayon("engine", "status", "--json", env=self.env).stdout)
            replicas = state["deployments"]["Painter"]["replicas"]
            if replicas.get("RUNNING") == running:
                return
            assert time.monotonic() < until, replicas
            time.sleep(1)

    def kill_painters(self) -> int:
        """`ray.kill` every Painter replica actor (Serve starts new ones); how many there were."""
        script = (
            "import ray; from ray import serve\n"
            f"ray.init(address='127.0.0.1:{self.port}', log_to_driver=False)\n"
            "names = [a['name'] for a in ray.util.list_named_actors(all_namespaces=True)"
            " if a['name'].startswith('SERVE_REPLICA::crayon#Painter#')]\n"
            "for name in names: ray.kill(ray.get_actor(name, namespace='serve'), no_restart=True)\n"
            "print(len(names))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], env=self.env, capture_output=True, text=True, timeout=120, check=True
        )
        return int(done.stdout.strip().splitlines()[-1])


def crayon(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def cluster(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    folder = tmp_path_factory.mktemp("cluster")
    env = {name: value for name, value in os.environ.items() if not name.startswith("CRAYON_")}
    port = free_port()
    env |= {
        **DEPLOYED,
        "CRAYON_DATA_DIR": str(folder / "data"),
        "CRAYON_MODELS_DIR": str(models_dir),
        "CRAYON_RAY_ADDRESS": f"127.0.0.1:{port}",
        "CRAYON_RAY_SERVE_URL": f"http://127.0.0.1:{free_port()}/crayon",
        "HF_HOME": str(folder / "hf-home"),
        "HF_HUB_OFFLINE": "1",
        "RAY_USAGE_STATS_ENABLED": "0",
        # Whatever token this machine's Ray keeps (~/.ray/auth_token turns `ray start` to token mode).
        "RAY_AUTH_MODE": "disabled",
        # One node has nowhere to move its replicas: SIGTERM stops it at once instead of draining for 30 s.
        "RAY_GRACEFUL_SHUTDOWN_DRAIN_TIMEOUT_S": "0",
    }
    running = Cluster(env, folder / "data", port)
    try:
        running.start()
        running.deploy()
        yield running
    finally:
        running.stop()


def test_deploy_reports_each_deployment_running(cluster: Cluster) -> None:
    done = crayon("engine", "status", "--json", env=cluster.env)
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout)
    assert state["status"] == "RUNNING"
    assert set(state["deployments"]) == {"PromptWriter", "Painter", "Answers", "Listener"}
    assert state["deployments"]["PromptWriter"]["replicas"] == {"RUNNING": 1}
    assert state["deployments"]["Answers"]["replicas"] == {"RUNNING": 1}
    assert state["deployments"]["Listener"]["replicas"] == {"RUNNING": 1}
    assert state["deployments"]["Painter"]["replicas"] == {"RUNNING": 2}


def test_deploy_without_a_cluster_says_so_in_one_line(cluster: Cluster) -> None:
    env = {**cluster.env, "CRAYON_RAY_ADDRESS": f"127.0.0.1:{free_port()}"}
    done = crayon("engine", "deploy", env=env, timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "no Ray cluster answers at 127.0.0.1:" in lines[0]
    assert "ray start --head" in lines[0]


def test_a_bench_the_cluster_has_no_room_for_fails_in_time_and_says_why(cluster: Cluster) -> None:
    # Eight painters of a whole CPU each on a cluster of two: they never start.
    env = {
        **cluster.env,
        "CRAYON_ENGINE": "ray",
        "CRAYON_RAY_PAINTER_REPLICAS": "8",
        "CRAYON_RAY_REPLICA_CPUS": "1",
        "CRAYON_RAY_DEPLOY_TIMEOUT_SECONDS": "8",
    }
    started = time.monotonic()
    done = crayon("bench", "--n", "1", env=env, timeout=120)
    assert time.monotonic() - started < 90
    assert done.returncode == 1, done.stdout[-500:]
    lines = done.stderr.strip().splitlines()
    assert "did not start within 8 s" in lines[-1], done.stderr[-1500:]
    assert "1 PromptWriter × 1 CPU, 8 Painters × 1 CPU" in lines[-1]
    assert "the cluster has 2 CPU and 0 GPU" in lines[-1]
    # The bench's own application is removed; `crayon` runs on.
    state = json.loads(crayon("engine", "status", "--json", env=cluster.env).stdout)
    assert state["status"] == "RUNNING"
    assert state["deployments"]["Painter"]["replicas"] == {"RUNNING": 2}


def local_settings(cluster: Cluster) -> Settings:
    return Settings(
        _env_file=None,
        profile="tiny",
        data_dir=cluster.data_dir / "local",
        models_dir=Path(cluster.env["CRAYON_MODELS_DIR"]),
        torch_threads=1,
        **FAST,
    )


def stored_png(result: DrawingResult, folder: Path) -> bytes:
    store = ImageStore(folder)
    return store.read(store.save(result.image, "same", {"emotion": result.emotion, "seed": result.seed}))


async def test_the_same_diary_and_seed_give_the_same_png_on_ray_and_locally(cluster: Cluster, tmp_path: Path) -> None:
    import torch

    requests = [
        DrawingRequest("오늘 친구랑 놀이터에서 그네를 탔다.", seed=7),
        DrawingRequest("비가 와서 밖에 못 나가고 창문만 바라봤다.", style="happiness", seed=123456),
    ]
    engine = RayEngine(cluster.serve_url, timeout_seconds=120)
    try:
        remote = await engine.draw_many([*requests, DrawingRequest("\u200b "), DrawingRequest("일기", seed=-1)])
    finally:
        await engine.aclose()
    assert isinstance(remote[2], EmptyDiaryError)
    assert isinstance(remote[3], SeedError)
    # Every answer says how many drawings the application takes at once: 2 painters × 2 batches of 1.
    assert engine.jobs_in_flight == 4
    settings = local_settings(cluster)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the replicas run (CRAYON_TORCH_THREADS=1): the sums come out the same
    try:
        pipeline = DiaryPipeline.from_settings(settings, resolve_profile(settings))
        # One at a time, as the bot draws with CRAYON_BATCH_SIZE=1 on either engine (in a batch the last bits
        # of the arithmetic may differ, on either engine alike).
        local = [pipeline.draw_many([request])[0] for request in requests]
    finally:
        torch.set_num_threads(threads)
    for here, there in zip(local, remote[:2], strict=True):
        assert isinstance(here, DrawingResult)
        assert isinstance(there, DrawingResult)
        assert (there.emotion, there.prompt, there.seed) == (here.emotion, here.prompt, here.seed)
        assert there.probabilities == pytest.approx(here.probabilities, abs=1e-9)
        assert stored_png(there, tmp_path / "ray") == stored_png(here, tmp_path / "local")
    assert remote[1].emotion == "happiness"  # type: ignore[union-attr]


async def test_a_voice_diary_is_heard_by_the_listener_deployment_as_by_the_local_worker(cluster: Cluster) -> None:
    samples = decode(recording(3.0))
    engine = RayEngine(cluster.serve_url, timeout_seconds=120)
    try:
        there = await engine.transcribe(samples)
        silence = await engine.transcribe(np.zeros(RATE, dtype=np.float32))
    finally:
        await engine.aclose()
    settings = local_settings(cluster)
    here = load_transcriber(settings, resolve_profile(settings)).transcribe(samples)
    assert there
    assert there == here
    assert silence == ""


async def test_a_job_sent_again_gets_the_drawing_made_for_it_not_a_second_one(cluster: Cluster) -> None:
    key = "5e" * 32
    request = DrawingRequest("오늘 할머니 댁에서 강아지랑 뛰어 놀았다.", seed=99, key=key)
    engine = RayEngine(cluster.serve_url, timeout_seconds=120)
    try:
        # Three tries at once (the bot timed out twice) and one later: one drawing for the key.
        tries = await asyncio.gather(*(engine.draw(request) for _ in range(3)))
        later = await engine.draw(request)
        other = await engine.draw(DrawingRequest(request.diary, seed=99, key="6f" * 32))
    finally:
        await engine.aclose()
    first = tries[0]
    assert isinstance(first, DrawingResult)
    for again in [*tries[1:], later]:
        assert isinstance(again, DrawingResult)
        assert again.timings == first.timings  # the same answer, to its measured timings
        assert again.image.tobytes() == first.image.tobytes()
    # Another key is drawn anew: the same pixels (same diary and seed), its own timings.
    assert isinstance(other, DrawingResult)
    assert other.image.tobytes() == first.image.tobytes()
    assert other.timings != first.timings


KIDS = [501, 502, 503, 504, 505, 506]


def serve_env(cluster: Cluster, stub: BotApiStub, name: str) -> dict[str, str]:
    """A bot of its own (each test's Bot API stand-in numbers its updates from 1 again)."""
    return {
        **cluster.env,
        "CRAYON_ENGINE": "ray",
        "CRAYON_DATA_DIR": str(cluster.data_dir / name),
        "CRAYON_HTTP_PORT": str(free_port()),
        "CRAYON_RETRY_DELAY_SECONDS": "0.5",
        "TELEGRAM_BOT_TOKEN": stub.token,
        "TELEGRAM_BASE_URL": stub.base_url,
        "TELEGRAM_BASE_FILE_URL": stub.base_file_url,
    }


async def stop_serve(process: asyncio.subprocess.Process) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 60)
        except TimeoutError:
            process.kill()
            await process.wait()
    return (await process.stderr.read()).decode()[-3000:] if process.stderr else ""


async def wait_for_file(path: Path, timeout: float) -> None:
    until = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < until, f"{path.name} did not appear"
        await asyncio.sleep(0.1)


async def test_a_burst_is_drawn_on_the_cluster_once_each_though_a_painter_is_killed_mid_drawing(
    cluster: Cluster, stub: BotApiStub
) -> None:
    drill = cluster.data_dir / "faults"
    drill.mkdir(parents=True, exist_ok=True)
    (drill / "paint_hang").touch()  # the next painting hangs until its replica is killed
    env = serve_env(cluster, stub, "burst")
    database = Path(env["CRAYON_DATA_DIR"]) / "crayon.sqlite3"
    bot = await start_serve(env)
    try:
        for kid in KIDS:
            stub.text(kid, f"오늘은 {kid}번 친구랑 공원에서 놀았다")
        await wait_for_file(drill / "paint_hang.hanging", timeout=120)
        assert await asyncio.to_thread(cluster.kill_painters) == 2
        await stub.wait_for(lambda: all(stub.sent("sendPhoto", kid) for kid in KIDS), timeout=180)
    finally:
        stderr = await stop_serve(bot)
    assert bot.returncode == 0, stderr
    assert rows(database, "SELECT state, COUNT(*) FROM jobs GROUP BY state") == [("done", len(KIDS))]
    assert all(count == 1 for _, count in rows(database, "SELECT entry_id, COUNT(*) FROM drawings GROUP BY entry_id"))
    assert rows(database, "SELECT COUNT(*) FROM jobs WHERE delivered_at IS NULL") == [(0,)]
    # The drawing that hung was tried again on a new Painter: a second try, no second drawing.
    assert max(attempts for (attempts,) in rows(database, "SELECT attempts FROM jobs")) == 2
    for kid in KIDS:
        assert len(stub.sent("sendPhoto", kid)) == 1
        assert stub.texts(kid)[0] == messages.acknowledgement(0) or stub.texts(kid)[0].startswith("일기 고마워")
    # Serve replaced the killed replicas.
    await asyncio.to_thread(cluster.wait_for_painters, 2)


async def test_with_the_cluster_down_diaries_wait_and_are_drawn_when_it_is_back(
    cluster: Cluster, stub: BotApiStub
) -> None:
    await asyncio.to_thread(cluster.stop)
    env = serve_env(cluster, stub, "outage")
    database = Path(env["CRAYON_DATA_DIR"]) / "crayon.sqlite3"
    kids = [601, 602, 603]
    bot = await start_serve(env)
    try:
        for kid in kids:
            stub.text(kid, "오늘은 할머니 댁에 가서 옥수수를 먹었다")
        # Every child is answered (the diary is kept) while nothing can be drawn.
        await stub.wait_for(lambda: all(stub.texts(kid) for kid in kids), timeout=60)
        await asyncio.sleep(3)
        waiting = rows(database, "SELECT state, attempts FROM jobs")
        assert len(waiting) == len(kids)
        assert all(state in ("queued", "running") and attempts <= 1 for state, attempts in waiting), waiting
        assert not stub.sent("sendPhoto")

        # Off the event loop: the Bot API stand-in keeps answering the bot meanwhile.
        await asyncio.to_thread(cluster.start)
        await asyncio.to_thread(cluster.deploy)
        await stub.wait_for(lambda: all(stub.sent("sendPhoto", kid) for kid in kids), timeout=180)
    finally:
        stderr = await stop_serve(bot)
    assert bot.returncode == 0, stderr
    # Waiting for the cluster spent no tries: each job was drawn on its first.
    assert rows(database, "SELECT state, attempts, COUNT(*) FROM jobs GROUP BY state, attempts") == [
        ("done", 1, len(kids))
    ]
    assert all(len(stub.sent("sendPhoto", kid)) == 1 for kid in kids)
