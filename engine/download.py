"""`crayon models download|status`: the full profile's weights into the Hugging Face cache, space checked first.

The models are the ones the settings name (prompt writer, diffusion model, a LoRA given as a hub id, the
text guard, the image safety classifier; the evaluation judge on request). Local folders need nothing.
Each repository is planned before anything is fetched: its files and sizes (`model_info` with
`files_metadata`), only what `from_pretrained` reads (a diffusers pipeline's components, safetensors over
older weight formats), less what the cache already holds; the sum is checked against the free space.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from engine.errors import DownloadError, HubAccessError, HubOfflineError, NotEnoughSpaceError
from engine.settings import EngineSettings

GB = 1000**3
REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
PIPELINE_INDEX = "model_index.json"
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".ckpt")
# Formats nothing here loads (Flax, TensorFlow, ONNX, GGUF, …): never fetched.
OTHER_FORMATS = (".msgpack", ".h5", ".onnx", ".onnx_data", ".tflite", ".gguf", ".ot", ".mlmodel", ".pb")

T = TypeVar("T")


@dataclass(frozen=True)
class HubModel:
    """One repository the settings name, and the setting that names it."""

    setting: str
    repo_id: str


@dataclass(frozen=True)
class DownloadPlan:
    """What one repository needs: the files to fetch at one revision, their size, and what is still missing."""

    model: HubModel
    revision: str
    files: tuple[str, ...]
    total_bytes: int
    missing_bytes: int


class Hub(Protocol):
    """The part of `huggingface_hub.HfApi` used here (tests pass a small fake)."""

    def model_info(self, repo_id: str, *, files_metadata: bool = ...) -> Any: ...

    def hf_hub_download(
        self, repo_id: str, filename: str, *, revision: str | None = ..., cache_dir: Any = ...
    ) -> Any: ...

    def snapshot_download(
        self, repo_id: str, *, revision: str | None = ..., cache_dir: Any = ..., allow_patterns: Any = ...
    ) -> Any: ...


def hub_models(settings: EngineSettings, *, eval_judge: bool = False) -> list[HubModel]:
    """The hub repositories the full profile loads (local folders and unset models left out)."""
    named = [
        ("llm_model", settings.llm_model),
        ("diffusion_model", settings.diffusion_model),
        ("lora", str(settings.lora) if settings.lora is not None else ""),
        ("text_guard", settings.text_guard),
        ("image_safety_model", settings.image_safety_model if settings.image_safety else ""),
        ("speech_model", settings.speech_model),
    ]
    if eval_judge:
        named.append(("eval_clip_model", settings.eval_clip_model))
    models: list[HubModel] = []
    for field, source in named:
        if is_repo_id(source) and source not in [model.repo_id for model in models]:
            models.append(HubModel(EngineSettings.env_name(field), source))
    return models


def is_repo_id(source: str) -> bool:
    """True for `owner/name` that is not a folder on this machine."""
    return bool(REPO_ID.match(source)) and not Path(source).exists()


def hub_cache_dir() -> Path:
    """The Hub cache as the environment names it now (huggingface_hub reads it once, when imported)."""
    if os.environ.get("HF_HUB_CACHE"):
        return Path(os.environ["HF_HUB_CACHE"]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    from huggingface_hub import constants

    return Path(constants.HF_HUB_CACHE)


def hub_offline() -> bool:
    """True when HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) is set, read now rather than at import."""
    return any(os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on") for name in _OFFLINE)


_OFFLINE = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


def select_files(files: dict[str, int], components: Iterable[str] | None = None) -> dict[str, int]:
    """The files `from_pretrained` reads, of `files` (name → bytes).

    For a diffusers pipeline (`components` from its model_index.json) only the index, the components'
    folders and small top-level files; single-file checkpoints beside them are left out. Everywhere,
    formats nothing here loads are left out, and .bin/.pt weights in a folder that has safetensors.
    """
    folders_with_safetensors = {_folder(name) for name in files if name.endswith(".safetensors")}
    wanted = set(components) if components is not None else None
    selected = {}
    for name, size in files.items():
        folder = _folder(name)
        if name.endswith(OTHER_FORMATS) or name.startswith(("onnx/", "flax_model", "tf_model", "rust_model")):
            continue
        if name.endswith(WEIGHT_SUFFIXES) and not name.endswith(".safetensors") and folder in folders_with_safetensors:
            continue
        if wanted is not None:
            top_level = folder == ""
            if top_level and name.endswith(WEIGHT_SUFFIXES):
                continue  # a single-file checkpoint: the pipeline reads its components' folders
            if not top_level and name.split("/", 1)[0] not in wanted:
                continue
        selected[name] = size
    return selected


def _folder(name: str) -> str:
    return name.rsplit("/", 1)[0] if "/" in name else ""


def plan_download(hub: Hub, model: HubModel, cache_dir: Path) -> DownloadPlan:
    """Ask the Hub for the repository's files and sizes; nothing large is fetched."""
    from huggingface_hub import try_to_load_from_cache

    info = hub.model_info(model.repo_id, files_metadata=True)
    sizes = {sibling.rfilename: _size(sibling) for sibling in info.siblings or []}
    components = None
    if PIPELINE_INDEX in sizes:
        index = hub.hf_hub_download(model.repo_id, PIPELINE_INDEX, revision=info.sha, cache_dir=cache_dir)
        components = pipeline_components(json.loads(Path(index).read_text(encoding="utf-8")))
    files = select_files(sizes, components)
    missing = sum(
        size
        for name, size in files.items()
        if not isinstance(
            try_to_load_from_cache(model.repo_id, name, cache_dir=cache_dir, revision=info.sha),
            str,
        )
    )
    return DownloadPlan(model, info.sha, tuple(sorted(files)), sum(files.values()), missing)


def pipeline_components(index: dict[str, Any]) -> list[str]:
    """The component folders of a diffusers model_index.json (entries like `["diffusers", "AutoencoderKL"]`)."""
    return [
        name
        for name, value in index.items()
        if not name.startswith("_") and isinstance(value, list) and len(value) == 2 and value[0] is not None
    ]


def _size(sibling: Any) -> int:
    if sibling.size is not None:
        return int(sibling.size)
    lfs = getattr(sibling, "lfs", None)
    return int(getattr(lfs, "size", 0) or 0)


def free_space(path: Path) -> int:
    """Free bytes on the disk that holds `path` (or, while it does not exist yet, its nearest parent)."""
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    return shutil.disk_usage(existing).free


def check_free_space(needed: int, free: int, where: Path) -> None:
    """Refuse, before anything is fetched, when the disk has less free space than the download needs."""
    if free < needed:
        raise NotEnoughSpaceError(
            f"not enough disk space in {where}: the models need {needed / GB:.1f} GB more and only "
            f"{free / GB:.1f} GB is free; free some space, or point HF_HOME (or HF_HUB_CACHE) at a bigger disk"
        )


def refusal_line(error: Exception, model: HubModel) -> str | None:
    """One line for a Hub error about `model` (gated, refused, missing), or None for any other error."""
    from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, RepositoryNotFoundError

    page = f"https://huggingface.co/{model.repo_id}"
    status = error.response.status_code if isinstance(error, HfHubHTTPError) else None
    refused = isinstance(error, HfHubHTTPError) and not isinstance(error, RepositoryNotFoundError)
    if isinstance(error, GatedRepoError) or (refused and status in (401, 403)):
        return (
            f"{model.repo_id} ({model.setting}) is gated: accept its licence at {page} while logged in, "
            "then run `hf auth login` here (or set HF_TOKEN) and run crayon models download again"
        )
    if isinstance(error, RepositoryNotFoundError) and status == 401:
        # The Hub answers 401 to anyone not logged in, for a missing repository as for a private one.
        return (
            f"{model.repo_id} ({model.setting}) was refused without a login: check the name; if it is private, "
            f"or gated (accept its licence at {page}), run `hf auth login` here and try again"
        )
    if isinstance(error, RepositoryNotFoundError):
        return f"{model.repo_id} ({model.setting}) is neither a folder here nor a model on the Hub: check the name"
    if isinstance(error, HfHubHTTPError):
        return f"the Hub answered {status} for {model.repo_id} ({model.setting}); try again later"
    return None


def plan_all(hub: Hub, models: list[HubModel], cache_dir: Path) -> list[DownloadPlan]:
    """Plan every repository, turning the Hub's refusals into one line each."""
    if hub_offline():
        raise HubOfflineError(
            "HF_HUB_OFFLINE is set, so nothing can be downloaded: unset it (and TRANSFORMERS_OFFLINE) on a "
            "machine that reaches huggingface.co, then run crayon models download again"
        )
    plans = []
    for model in models:
        plans.append(_asking(model, partial(plan_download, hub, model, cache_dir)))
    return plans


def download(hub: Hub, plan: DownloadPlan, cache_dir: Path) -> Path:
    """Fetch one planned repository into the cache (huggingface_hub's progress bars); return its folder."""
    if not plan.files:
        raise DownloadError(f"{plan.model.repo_id} ({plan.model.setting}) has no files crayon could load")
    fetch = partial(
        hub.snapshot_download,
        plan.model.repo_id,
        revision=plan.revision,
        cache_dir=cache_dir,
        allow_patterns=list(plan.files),
    )
    return Path(_asking(plan.model, fetch))


def _asking(model: HubModel, call: Callable[[], T]) -> T:
    """Run one Hub call; a refusal becomes HubAccessError with its line."""
    try:
        return call()
    except Exception as error:
        line = refusal_line(error, model)
        if line is None:
            raise
        raise HubAccessError(line) from error


@dataclass(frozen=True)
class CachedModel:
    """What the cache holds of one repository the settings name."""

    model: HubModel
    size_bytes: int
    files: int


def cache_status(models: list[HubModel], cache_dir: Path) -> list[CachedModel]:
    """Each repository's size in the cache (0 files when absent); reads the disk only."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        repos = {repo.repo_id: repo for repo in scan_cache_dir(cache_dir).repos if repo.repo_type == "model"}
    except CacheNotFound:
        repos = {}
    found = []
    for model in models:
        repo = repos.get(model.repo_id)
        found.append(CachedModel(model, repo.size_on_disk if repo else 0, repo.nb_files if repo else 0))
    return found
