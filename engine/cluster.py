"""Deploying, watching and removing the Serve application `crayon` on the Ray cluster at CRAYON_RAY_ADDRESS
(what `crayon engine deploy|status|shutdown` do). Ray is imported here only when a function runs."""

from __future__ import annotations

import logging
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from engine.settings import ServingSettings

logger = logging.getLogger(__name__)


class ClusterUnavailableError(ConnectionError):
    """No Ray cluster answers at the address."""


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


def deploy(settings: ServingSettings, *, name: str = "crayon") -> dict[str, Any]:
    """Deploy (or update) the application `name` (`crayon`; `crayon bench` deploys one of its own beside it)
    with `settings`; return its status once it is RUNNING."""
    import ray
    from ray import serve

    from engine.serving import application

    connect(settings.ray_address)
    host, port, route = serve_route(settings.ray_serve_url)
    # The proxy listens where the bot looks for it: on every interface unless the bot is on this machine.
    bind = "127.0.0.1" if host in ("127.0.0.1", "localhost") else "0.0.0.0"
    serve.start(http_options={"host": bind, "port": port})
    started = time.perf_counter()
    app = application(settings, float(ray.cluster_resources().get("GPU", 0)))
    serve.run(app, name=name, route_prefix=route, blocking=False)
    logger.info("deployed %s at %s in %.1f s", name, settings.ray_serve_url, time.perf_counter() - started)
    return status(settings, name=name)


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
