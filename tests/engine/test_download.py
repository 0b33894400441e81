"""`crayon models download|status` offline: the plan, the disk check, the Hub's refusals, a fake Hub at the seam."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any, ClassVar

import httpx2
import pytest
from huggingface_hub.errors import HfHubHTTPError
from huggingface_hub.hf_api import RepoSibling
from huggingface_hub.utils import hf_raise_for_status

from bot.cli import EXIT_FAILED, EXIT_OK, main
from bot.settings import Settings
from engine import download as downloads
from engine.download import GB, HubModel, check_free_space, hub_models, plan_all, refusal_line, select_files
from engine.errors import HubAccessError, NotEnoughSpaceError

SD35 = "stabilityai/stable-diffusion-3.5-medium"
QWEN = "Qwen/Qwen3-8B"
SAFETY = "Falconsai/nsfw_image_detection"
WHISPER = "openai/whisper-large-v3-turbo"
MODEL_INDEX = {
    "_class_name": "StableDiffusion3Pipeline",
    "_diffusers_version": "0.31.0.dev0",
    "scheduler": ["diffusers", "FlowMatchEulerDiscreteScheduler"],
    "text_encoder": ["transformers", "CLIPTextModelWithProjection"],
    "text_encoder_2": ["transformers", "CLIPTextModelWithProjection"],
    "text_encoder_3": ["transformers", "T5EncoderModel"],
    "tokenizer": ["transformers", "CLIPTokenizer"],
    "tokenizer_2": ["transformers", "CLIPTokenizer"],
    "tokenizer_3": ["transformers", "T5TokenizerFast"],
    "transformer": ["diffusers", "SD3Transformer2DModel"],
    "vae": ["diffusers", "AutoencoderKL"],
    "image_encoder": [None, None],
}
# The shape of the SD3.5 Medium repository: diffusers folders beside single-file checkpoints.
SD35_FILES = {
    "README.md": 8_000,
    "model_index.json": 700,
    "sd3.5_medium.safetensors": 5_100_000_000,
    "text_encoders/clip_g.safetensors": 1_390_000_000,
    "text_encoders/t5xxl_fp16.safetensors": 9_790_000_000,
    "scheduler/scheduler_config.json": 140,
    "text_encoder/config.json": 600,
    "text_encoder/model.safetensors": 250_000_000,
    "text_encoder_3/model-00001-of-00002.safetensors": 4_990_000_000,
    "text_encoder_3/model-00002-of-00002.safetensors": 4_530_000_000,
    "tokenizer/vocab.json": 1_000_000,
    "transformer/config.json": 500,
    "transformer/diffusion_pytorch_model.safetensors": 4_940_000_000,
    "vae/config.json": 800,
    "vae/diffusion_pytorch_model.safetensors": 168_000_000,
}


def test_the_models_the_settings_name() -> None:
    settings = Settings(_env_file=None)
    assert hub_models(settings) == [
        HubModel("CRAYON_LLM_MODEL", QWEN),
        HubModel("CRAYON_DIFFUSION_MODEL", SD35),
        HubModel("CRAYON_IMAGE_SAFETY_MODEL", SAFETY),
        HubModel("CRAYON_SPEECH_MODEL", WHISPER),
    ]
    settings = Settings(
        _env_file=None, lora=Path("someone/kido-lora"), text_guard="Qwen/Qwen3Guard-Gen-0.6B", image_safety=False
    )
    assert [model.repo_id for model in hub_models(settings, eval_judge=True)] == [
        QWEN,
        SD35,
        "someone/kido-lora",
        "Qwen/Qwen3Guard-Gen-0.6B",
        WHISPER,
        settings.eval_clip_model,
    ]


def test_local_folders_need_no_download(tmp_path: Path) -> None:
    (tmp_path / "org" / "llm").mkdir(parents=True)
    settings = Settings(_env_file=None, llm_model=str(tmp_path / "org" / "llm"), lora=tmp_path / "org")
    assert QWEN not in [model.repo_id for model in hub_models(settings)]
    assert [model.setting for model in hub_models(settings)] == [
        "CRAYON_DIFFUSION_MODEL",
        "CRAYON_IMAGE_SAFETY_MODEL",
        "CRAYON_SPEECH_MODEL",
    ]


def test_a_pipeline_gets_its_components_and_no_single_file_checkpoints() -> None:
    components = downloads.pipeline_components(MODEL_INDEX)
    assert "image_encoder" not in components
    selected = select_files(SD35_FILES, components)
    assert "sd3.5_medium.safetensors" not in selected
    assert not [name for name in selected if name.startswith("text_encoders/")]
    assert {"model_index.json", "README.md", "transformer/diffusion_pytorch_model.safetensors"} <= set(selected)
    assert sum(selected.values()) < 15 * GB < sum(SD35_FILES.values())


def test_safetensors_win_over_older_weight_formats() -> None:
    files = {
        "config.json": 1,
        "model.safetensors": 10,
        "pytorch_model.bin": 10,
        "tf_model.h5": 10,
        "flax_model.msgpack": 10,
        "onnx/model.onnx": 10,
        "other/weights.bin": 10,
    }
    assert set(select_files(files)) == {"config.json", "model.safetensors", "other/weights.bin"}


@pytest.mark.parametrize(
    ("needed", "free", "refused"),
    [
        (10 * GB, 10 * GB - 1, True),
        (10 * GB, 0, True),
        (10 * GB, 10 * GB, False),
        (0, 0, False),
    ],
)
def test_the_disk_check_refuses_below_the_need(needed: int, free: int, refused: bool, tmp_path: Path) -> None:
    if not refused:
        check_free_space(needed, free, tmp_path)
        return
    with pytest.raises(NotEnoughSpaceError) as error:
        check_free_space(needed, free, tmp_path)
    message = str(error.value)
    assert f"need {needed / GB:.1f} GB" in message
    assert f"only {free / GB:.1f} GB is free" in message
    assert str(tmp_path) in message
    assert "HF_HOME" in message
    assert "\n" not in message


def hub_error(status: int, error_code: str | None = None) -> HfHubHTTPError:
    """The exception huggingface_hub itself raises for such an answer."""
    url = f"https://huggingface.co/api/models/{SD35}"
    headers = {"X-Error-Code": error_code} if error_code else {}
    response = httpx2.Response(status, headers=headers, request=httpx2.Request("GET", url))
    with pytest.raises(HfHubHTTPError) as raised:
        hf_raise_for_status(response)
    return raised.value


@pytest.mark.parametrize(
    ("status", "code", "says"),
    [
        (403, "GatedRepo", "is gated"),
        (401, "GatedRepo", "is gated"),
        (403, None, "is gated"),
        (401, None, "was refused without a login"),
    ],
)
def test_a_refused_gated_model_explains_the_licence_and_the_login(status: int, code: str | None, says: str) -> None:
    line = refusal_line(hub_error(status, code), HubModel("CRAYON_DIFFUSION_MODEL", SD35))
    assert line is not None
    assert "\n" not in line
    assert f"{SD35} (CRAYON_DIFFUSION_MODEL) {says}" in line
    assert f"accept its licence at https://huggingface.co/{SD35}" in line
    assert "`hf auth login`" in line


def test_a_missing_repository_and_other_errors() -> None:
    model = HubModel("CRAYON_LORA", "someone/no-such-lora")
    missing = refusal_line(hub_error(404, "RepoNotFound"), model)
    assert (
        missing == "someone/no-such-lora (CRAYON_LORA) is neither a folder here nor a model on the Hub: check the name"
    )
    assert "the Hub answered 500" in str(refusal_line(hub_error(500), model))
    assert refusal_line(ValueError("not the Hub's"), model) is None


def test_models_download_offline_fails_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    # The tests' environment sets HF_HUB_OFFLINE=1: nothing is asked of the Hub.
    code = main(["models", "download"])
    captured = capsys.readouterr()
    assert code == EXIT_FAILED
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("crayon models download: HF_HUB_OFFLINE is set")
    assert "Traceback" not in captured.err
    assert captured.out == ""


class FakeHub:
    """The Hub's answers for a few repositories, recorded downloads, and refusals where asked."""

    # Class attributes: the CLI builds its own HfApi(), so the fixture sets these on the class.
    repos: ClassVar[dict[str, dict[str, int]]] = {}
    refuse: ClassVar[dict[str, Exception]] = {}
    fetched: ClassVar[list[tuple[str, list[str]]]] = []

    def model_info(self, repo_id: str, *, files_metadata: bool = False) -> Any:
        if repo_id in self.refuse:
            raise self.refuse[repo_id]
        siblings = [RepoSibling(rfilename=name, size=size) for name, size in self.repos[repo_id].items()]
        return SimpleNamespace(sha="0123abcd", siblings=siblings)

    def hf_hub_download(
        self, repo_id: str, filename: str, *, revision: str | None = None, cache_dir: Any = None
    ) -> Any:
        path = Path(cache_dir) / "fake" / repo_id / filename
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(MODEL_INDEX))
        return str(path)

    def snapshot_download(
        self, repo_id: str, *, revision: str | None = None, cache_dir: Any = None, allow_patterns: Any = None
    ) -> Any:
        self.fetched.append((repo_id, list(allow_patterns)))
        return str(Path(cache_dir) / "snapshots" / repo_id)


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> type[FakeHub]:
    """The CLI talks to FakeHub instead of huggingface.co (the offline switch lifted for it alone)."""
    monkeypatch.delenv("HF_HUB_OFFLINE")
    monkeypatch.setattr("huggingface_hub.HfApi", FakeHub)
    repos = {
        QWEN: {"config.json": 1, "model.safetensors": 16 * GB},
        SD35: SD35_FILES,
        WHISPER: {"config.json": 1, "model.safetensors": 1_600_000_000},
    }
    monkeypatch.setattr(FakeHub, "repos", repos)
    monkeypatch.setattr(FakeHub, "refuse", {})
    monkeypatch.setattr(FakeHub, "fetched", [])
    monkeypatch.setenv("CRAYON_IMAGE_SAFETY", "false")
    return FakeHub


def test_models_download_fetches_the_planned_files(online: type[FakeHub], monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr(downloads, "free_space", lambda path: 1000 * GB)
    assert main(["models", "download"]) == EXIT_OK
    captured = capsys.readouterr()
    assert [repo for repo, _ in online.fetched] == [QWEN, SD35, WHISPER]
    assert "sd3.5_medium.safetensors" not in online.fetched[1][1]
    assert f"{QWEN} (CRAYON_LLM_MODEL): 16.0 GB to fetch" in captured.err
    assert "Downloaded 3 model(s)" in captured.out


def test_models_download_checks_the_space_before_fetching(online: type[FakeHub], monkeypatch, capsys) -> None:
    monkeypatch.setattr(downloads, "free_space", lambda path: 20 * GB)
    assert main(["models", "download"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.startswith("crayon models download: not enough disk space in ")
    assert "only 20.0 GB is free" in err
    assert err.count("\n") == 1
    assert online.fetched == [], "nothing is fetched when it cannot fit"


def test_models_download_a_gated_model_is_one_line(online: type[FakeHub], monkeypatch, capsys) -> None:
    online.refuse[SD35] = hub_error(403, "GatedRepo")
    assert main(["models", "download"]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is gated: accept its licence" in err
    assert "Traceback" not in err
    assert online.fetched == []


def test_models_status_reads_the_cache_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["models", "status"]) == EXIT_OK
    out = capsys.readouterr().out
    assert f"Hugging Face cache: {tmp_path / 'hf-home' / 'hub'}" in out
    assert f"CRAYON_LLM_MODEL={QWEN}: not downloaded" in out
    assert f"CRAYON_DIFFUSION_MODEL={SD35}: not downloaded" in out
    assert "Run `crayon models download`" in out


def test_plan_counts_only_what_the_cache_lacks(online: type[FakeHub], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    snapshot = cache / "models--Qwen--Qwen3-8B" / "snapshots" / "0123abcd"
    snapshot.mkdir(parents=True)
    (snapshot / "model.safetensors").write_text("already here")
    (plan,) = plan_all(FakeHub(), [HubModel("CRAYON_LLM_MODEL", QWEN)], cache)
    assert plan.files == ("config.json", "model.safetensors")
    assert plan.total_bytes == 16 * GB + 1
    assert plan.missing_bytes == 1


def test_plan_all_turns_a_refusal_into_its_line(online: type[FakeHub], tmp_path: Path) -> None:
    online.refuse[QWEN] = hub_error(404, "RepoNotFound")
    with pytest.raises(HubAccessError, match="nor a model on the Hub"):
        plan_all(FakeHub(), [HubModel("CRAYON_LLM_MODEL", QWEN)], tmp_path)
