"""`crayon bench` on the tiny profile, and the real architectures' shapes (built on the meta device)."""

import json

import pytest

from bot.cli import EXIT_OK, EXIT_USAGE, main
from engine import real_arch


def test_bench_prints_every_figure_as_json(monkeypatch, models_dir, capsys) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_MODELS_DIR", str(models_dir))
    monkeypatch.setenv("CRAYON_BATCH_SIZE", "2")
    code = main(["bench", "--n", "2", "--concurrency", "2", "--steps", "2", "--size", "64", "--tokens", "16", "--json"])
    assert code == EXIT_OK
    report = json.loads(capsys.readouterr().out)
    stages = report["stages"]
    for stage in ("prompt", "denoise", "decode", "save", "end_to_end"):
        assert 0 < stages[stage]["p50"] <= stages[stage]["p95"]
    assert stages["end_to_end"]["p50"] >= stages["denoise"]["p50"]
    assert stages["llm_tokens_per_second"] > 0
    assert stages["seconds_per_denoising_step"] > 0
    assert set(stages["peak_cpu_gib"]) == {"prompt", "paint", "save"}
    assert report["arithmetic"]["image_tokens"] == (64 // 8 // 2) ** 2
    assert report["arithmetic"]["denoise_tflop_per_drawing"] > 0
    batch = report["batch"]
    assert batch["batch_size"] == 2
    for stage in ("prompt", "denoise", "decode", "end_to_end"):
        assert batch["per_batch_seconds"][stage] > 0
        assert batch["per_diary_seconds"][stage] == pytest.approx(batch["per_batch_seconds"][stage] / 2, abs=1e-3)
    assert batch["llm_tokens"] > 0
    assert batch["llm_tokens_per_second"] == pytest.approx(
        batch["llm_tokens"] / batch["per_batch_seconds"]["prompt"], rel=0.05
    )
    queue = report["queue"]
    assert (queue["diaries"], queue["children"], queue["batch_size"], queue["drawn"]) == (2, 2, 2, 2)
    assert queue["drawings_per_second"] > 0
    assert report["size"] == [64, 64]
    assert report["steps"] == 2


def test_bench_text_report(monkeypatch, models_dir, capsys) -> None:
    monkeypatch.setenv("CRAYON_PROFILE", "tiny")
    monkeypatch.setenv("CRAYON_MODELS_DIR", str(models_dir))
    assert main(["bench", "--n", "1", "--steps", "1", "--size", "64", "--tokens", "8"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "end_to_end" in out
    assert "LLM tokens/s" in out


def test_bench_refuses_bad_numbers(capsys) -> None:
    assert main(["bench", "--n", "0"]) == EXIT_USAGE
    assert "--n must be at least 1" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("build", "parameters"),
    [
        ("writer", 8.19e9),
        ("transformer", 2.24e9),
        ("t5", 4.76e9),
    ],
)
def test_real_architectures_have_the_real_sizes(build: str, parameters: float, models_dir) -> None:
    from engine.tiny import ensure_tiny_models

    tiny = ensure_tiny_models(models_dir)
    if build == "writer":
        model = real_arch.build_writer(tiny, device="meta", dtype="bfloat16", labels=("happiness", "sadness")).model
    elif build == "transformer":
        model = real_arch.build_transformer(device="meta", dtype="bfloat16")
        assert len(model.config.dual_attention_layers) == 13
        assert model.config.qk_norm == "rms_norm"
    else:
        model = real_arch.build_painter(tiny, device="meta", dtype="bfloat16", use_t5=True).pipe.text_encoder_3
    count = sum(parameter.numel() for parameter in model.parameters())
    assert count == pytest.approx(parameters, rel=0.01)
