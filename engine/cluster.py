"""Deploying, watching and removing the Serve application `crayon` on the Ray cluster at CRAYON_RAY_ADDRESS
(what `crayon engine deploy|status|shutdown` do). Ray is imported here only when a function runs."""

from __future__ import annotations

import logging
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from engine.errors import ClusterUnavailableError, DeployTimeoutError
from engine.settings import ServingSettings

logger = logging.getLogger(__name__)


def serve_route(url: str) -> tuple[str, int, str]:
    """The proxy's host, port and the application's route in CRAYON_RAY_SERVE_URL."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise ValueError(f"CRAYON_RAY_SERVE_URL must be an http:// address, got {url!r}")
    route = parts.path.rstrip("/") or "/"
    return parts.hostname, parts.port or 80, route


def _check_reachable(address: str, timeout: float = 3.0) -> None:
    """Fail fast with one clear line when nothing listens at an explicit address (Ray itself waits long)."""
    if address in ("auto", "local"):
        return
    target = address.removeprefix("ray://")
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        raise ClusterUnavailableError(f"CRAYON_RAY_ADDRESS {address!r} is not auto, host:port or ray://host:port")
    try:
        socket.create_connection((host, int(port)), timeout=timeout).close()
    except OSError as error:
        raise ClusterUnavailableError(f"no Ray cluster answers at {address} ({error.strerror or error})") from None


def connect(address: str) -> None:
    """Join the cluster at `address` as a driver, quietly; ClusterUnavailableError when none answers."""
    import ray

    if ray.is_initialized():
        return
    _check_reachable(address)
    try:
        ray.init(address=address, namespace="crayon", log_to_driver=False, logging_level=logging.WARNING)
    except ConnectionError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ClusterUnavailableError(f"no Ray cluster answers at {address}: {first_line}") from None


def deploy(settings: ServingSettings, *, name: str = "crayon", stop_seconds: float | None = None) -> dict[str, Any]:
    """Deploy (or update) the application `name` (`crayon`; `crayon bench` deploys one of its own beside it)
    with `settings`; return its status once it is RUNNING, has failed to deploy or is unhealthy.
    `stop_seconds` bounds how long its replicas take to stop when it is removed (`serving.application`).

    DeployTimeoutError when it is neither within CRAYON_RAY_DEPLOY_TIMEOUT_SECONDS (replicas the cluster has
    no room for wait for ever): the application stays deployed and starts when room is made."""
    import ray
    from ray import serve
    from ray.serve.api import RunTarget

    from engine.serving import application

    connect(settings.ray_address)
    host, port, route = serve_route(settings.ray_serve_url)
    # The proxy listens where the bot looks for it: on every interface unless the bot is on this machine.
    bind = "127.0.0.1" if host in ("127.0.0.1", "localhost") else "0.0.0.0"
    serve.start(http_options={"host": bind, "port": port})
    started = time.perf_counter()
    gpus = float(ray.cluster_resources().get("GPU", 0))
    target = RunTarget(application(settings, gpus, stop_seconds=stop_seconds), name=name, route_prefix=route)
    serve.run_many([target], wait_for_ingress_deployment_creation=False, wait_for_applications_running=False)
    deadline = time.monotonic() + settings.ray_deploy_timeout_seconds
    while (state := status(settings, name=name))["status"] not in ("RUNNING", "DEPLOY_FAILED", "UNHEALTHY"):
        if time.monotonic() > deadline:
            raise DeployTimeoutError(
                f"{name} did not start within {settings.ray_deploy_timeout_seconds:g} s: it asks for "
                f"{asked_resources(settings, gpus)}; the cluster has {_resources(ray.cluster_resources())}, "
                f"{_resources(ray.available_resources())} of them free"
            )
        time.sleep(0.5)
    logger.info("deployed %s at %s in %.1f s", name, settings.ray_serve_url, time.perf_counter() - started)
    return state


def asked_resources(settings: ServingSettings, cluster_gpus: float) -> str:
    """`1 PromptWriter × 0.5 CPU, 2 Painters × 0.5 CPU + 0.45 GPU, 1 Listener × …`: the replicas it starts with
    and their share."""
    from engine.serving import gpu_shares

    parts = []
    for role, label, gpus in zip(
        ("writer", "painter", "listener"),
        ("PromptWriter", "Painter", "Listener"),
        gpu_shares(settings, cluster_gpus),
        strict=True,
    ):
        replicas = 1 if role == "listener" else getattr(settings, f"ray_{role}_replicas")
        share = f"{settings.ray_replica_cpus:g} CPU" + (f" + {gpus:g} GPU" if gpus else "")
        parts.append(f"{replicas} {label}{'s' if replicas != 1 else ''} × {share}")
    return ", ".join(parts)


def _resources(resources: dict[str, float]) -> str:
    return f"{resources.get('CPU', 0):g} CPU and {resources.get('GPU', 0):g} GPU"


def status(settings: ServingSettings, *, name: str = "crayon") -> dict[str, Any]:
    """`{"status": …, "deployments": {name: {"status": …, "replicas": {state: n}}}}` of the application."""
    from ray import serve

    connect(settings.ray_address)
    app = serve.status().applications.get(name)
    if app is None:
        return {"status": "NOT_STARTED", "deployments": {}}
    return {
        "status": _name(app.status),
        "deployments": {
            name: {
                "status": _name(deployment.status),
                "replicas": {_name(state): count for state, count in deployment.replica_states.items()},
            }
            for name, deployment in app.deployments.items()
        },
    }


def _name(value: object) -> str:
    """An enum member of Serve's as its plain name (`RUNNING`)."""
    return str(getattr(value, "value", value))


def shutdown(settings: ServingSettings, *, name: str = "crayon") -> bool:
    """Remove the application from the cluster; False when it was not there."""
    from ray import serve

    connect(settings.ray_address)
    if name not in serve.status().applications:
        return False
    serve.delete(name)
    return True
