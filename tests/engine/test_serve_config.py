"""The Serve config and the KubeRay RayService in deploy/ name the application the code builds: the import
path resolves, every argument and environment variable is a setting the replicas read, and both files
carry the same application."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine.settings import ServingSettings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def crayon_app(config: dict[str, Any]) -> dict[str, Any]:
    (app,) = [app for app in config["applications"] if app["name"] == "crayon"]
    return app


@pytest.fixture(scope="module")
def serve_config() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "serve.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ray_service() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "rayservice.yaml").read_text(encoding="utf-8"))


def test_the_serve_config_builds_crayon_from_real_settings(serve_config: dict[str, Any]) -> None:
    from engine import serving

    app = crayon_app(serve_config)
    module, _, name = app["import_path"].partition(":")
    assert getattr(importlib.import_module(module), name) is serving.build
    assert app["route_prefix"] == "/crayon"
    assert serving.APP_NAME == "crayon"
    assert set(app["args"]) <= set(ServingSettings.model_fields), "an argument the replicas would ignore"
    for variable in app["runtime_env"]["env_vars"]:
        if variable.startswith("CRAYON_"):
            assert variable.removeprefix("CRAYON_").lower() in ServingSettings.model_fields, variable
    settings = ServingSettings(_env_file=None, **app["args"])
    # A writer, a painter and the listener on one card.
    assert (settings.ray_writer_gpus, settings.ray_painter_gpus, settings.ray_listener_gpus) == (0.45, 0.45, 0.1)
    assert sum(serving.gpu_shares(settings, 1)) == pytest.approx(1.0)
    painter = serving.deployment_options(settings, "painter", 0.5)
    assert painter["autoscaling_config"]["min_replicas"] == 1
    assert painter["autoscaling_config"]["max_replicas"] == 8
    assert painter["ray_actor_options"] == {"num_cpus": 2, "num_gpus": 0.5}
    assert "num_replicas" not in painter
    # Only the ingress sheds load: the proxy's 503 reaches the bot as "unavailable", no try spent.
    writer = serving.deployment_options(settings, "writer", 0.5)
    assert writer["max_queued_requests"] == 2 * writer["max_ongoing_requests"]
    assert "max_queued_requests" not in painter
    # Serve's own stopping time unless asked (the bench's replicas are given 2 s).
    assert "graceful_shutdown_timeout_s" not in painter
    assert serving.deployment_options(settings, "painter", 0.5, stop_seconds=2)["graceful_shutdown_timeout_s"] == 2


def test_the_ray_service_runs_the_same_application_on_gpu_workers(
    serve_config: dict[str, Any], ray_service: dict[str, Any]
) -> None:
    import ray

    spec = ray_service["spec"]
    inner = yaml.safe_load(spec["serveConfigV2"])
    theirs, ours = crayon_app(inner), crayon_app(serve_config)
    assert {key: theirs[key] for key in ("import_path", "route_prefix", "args")} == {
        key: ours[key] for key in ("import_path", "route_prefix", "args")
    }
    assert ours["runtime_env"]["env_vars"].items() <= theirs["runtime_env"]["env_vars"].items()
    cluster = spec["rayClusterConfig"]
    assert cluster["rayVersion"] == ray.__version__
    (workers,) = cluster["workerGroupSpecs"]
    (container,) = workers["template"]["spec"]["containers"]
    assert container["resources"]["limits"]["nvidia.com/gpu"] == "1"
    assert workers["maxReplicas"] >= workers["minReplicas"] >= 1
    head = cluster["headGroupSpec"]
    assert head["rayStartParams"]["num-gpus"] == "0"
    assert head["template"]["spec"]["containers"][0]["image"] == container["image"]


def test_build_refuses_args_that_are_not_settings() -> None:
    from engine import serving

    with pytest.raises(ValueError, match="ray_painter_replica"):
        serving.build({"ray_painter_replica": 2})  # a typo the replicas would silently ignore


async def test_a_sticky_gpu_error_fails_the_replicas_health_check_and_an_ordinary_one_does_not() -> None:
    from engine.serving import _ModelThread

    def fails(message: str) -> None:
        raise RuntimeError(message)

    models = _ModelThread("crayon-test")
    with pytest.raises(RuntimeError):
        await models.run(fails, "the diary could not be read")
    models.check_health()
    with pytest.raises(RuntimeError):
        await models.run(fails, "CUDA error: an illegal memory access was encountered")
    with pytest.raises(RuntimeError, match="must be replaced"):
        models.check_health()
