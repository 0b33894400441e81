"""`crayon engine deploy|status|shutdown`: the engine as the Ray Serve application `crayon`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from bot.settings import Settings


def add_parsers(commands: Any) -> None:
    engine = commands.add_parser("engine", help="the drawing engine on a Ray Serve cluster (CRAYON_ENGINE=ray)")
    actions = engine.add_subparsers(dest="action", required=True, parser_class=type(engine))
    deploy = actions.add_parser("deploy", help="deploy or update `crayon` on the cluster; returns once it runs")
    deploy.set_defaults(handler=deploy_command)
    status = actions.add_parser("status", help="the application's status and each deployment's replicas")
    status.add_argument("--json", action="store_true", help="print the status as JSON")
    status.set_defaults(handler=status_command)
    shutdown = actions.add_parser("shutdown", help="remove `crayon` from the cluster (the bot's queue waits)")
    shutdown.set_defaults(handler=shutdown_command)


def _no_cluster(error: Exception) -> int:
    print(f"crayon engine: {error}; start one with `ray start --head` or set CRAYON_RAY_ADDRESS", file=sys.stderr)
    return EXIT_USAGE


def deploy_command(args: argparse.Namespace, settings: Settings) -> int:
    """Deploy with the current settings; print where the bot reaches it."""
    from engine.cluster import deploy
    from engine.errors import ClusterUnavailableError, DeployTimeoutError

    try:
        state = deploy(settings)
    except ClusterUnavailableError as error:
        return _no_cluster(error)
    except DeployTimeoutError as error:
        print(f"crayon engine: {error}; `crayon engine shutdown` removes it", file=sys.stderr)
        return EXIT_FAILED
    print(f"crayon is {state['status']} at {settings.ray_serve_url}: {_replicas(state)}")
    if settings.engine != "ray":
        print("set CRAYON_ENGINE=ray for `crayon serve` to draw on it")
    return EXIT_OK if state["status"] == "RUNNING" else EXIT_FAILED


def status_command(args: argparse.Namespace, settings: Settings) -> int:
    from engine.cluster import status
    from engine.errors import ClusterUnavailableError

    try:
        state = status(settings)
    except ClusterUnavailableError as error:
        return _no_cluster(error)
    if args.json:
        print(json.dumps(state, indent=2, sort_keys=True))
    else:
        print(f"crayon: {state['status']}" + (f" ({_replicas(state)})" if state["deployments"] else ""))
    return EXIT_OK


def shutdown_command(args: argparse.Namespace, settings: Settings) -> int:
    from engine.cluster import shutdown
    from engine.errors import ClusterUnavailableError

    try:
        removed = shutdown(settings)
    except ClusterUnavailableError as error:
        return _no_cluster(error)
    print("crayon removed from the cluster" if removed else "crayon was not deployed")
    return EXIT_OK


def _replicas(state: dict[str, Any]) -> str:
    """`PromptWriter 1 running; Painter 2 running`."""
    parts = []
    for name, deployment in state["deployments"].items():
        counts = ", ".join(f"{n} {s.lower()}" for s, n in sorted(deployment["replicas"].items()))
        parts.append(f"{name} {counts or 'no replicas'}")
    return "; ".join(parts)
