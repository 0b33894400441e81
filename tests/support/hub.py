"""A Hugging Face cache laid out as the Hub's downloads are (`hub/models--ORG--NAME/snapshots/SHA/`,
`refs/main`), holding the tiny models under the real repositories' names: the full profile's
`from_pretrained("Qwen/Qwen3-8B")` and the rest then load them offline, through the code users run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from engine.tiny import _ENGLISH, ensure_tiny_models
from engine.tiny_speech import ensure_tiny_speech

SNAPSHOT = "0123456789abcdef0123456789abcdef01234567"


def hub_cache(models_dir: Path, hf_home: Path) -> Path:
    """`hf_home` with the tiny LLM, SD3.5 pipeline (T5 included), image safety classifier, Whisper and
    evaluation judge filed under the hub ids the full profile names by default; returns `hf_home`."""
    tiny = ensure_tiny_models(models_dir)
    for repository, source in (
        ("Qwen/Qwen3-8B", tiny / "llm"),
        ("stabilityai/stable-diffusion-3.5-medium", tiny / "sd3"),
        ("Falconsai/nsfw_image_detection", tiny / "safety"),
        ("openai/whisper-large-v3-turbo", ensure_tiny_speech(models_dir)),
        ("zer0int/LongCLIP-L-Diffusers", tiny / "clip"),
    ):
        folder = hf_home / "hub" / f"models--{repository.replace('/', '--')}"
        shutil.copytree(source, folder / "snapshots" / SNAPSHOT, ignore=shutil.ignore_patterns("complete.json"))
        (folder / "refs").mkdir(parents=True)
        (folder / "refs" / "main").write_text(SNAPSHOT, encoding="utf-8")
    sd3 = hf_home / "hub" / "models--stabilityai--stable-diffusion-3.5-medium" / "snapshots" / SNAPSHOT
    _add_t5(sd3)
    return hf_home


def _add_t5(pipeline: Path) -> None:
    """SD3.5's third text encoder, as its repository has it: a tiny T5EncoderModel (its width the transformer's
    joint attention width) and a T5TokenizerFast trained here, listed in model_index.json."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers
    from transformers import T5Config, T5EncoderModel, T5TokenizerFast

    backend = Tokenizer(models.Unigram())
    backend.normalizer = normalizers.NFKC()
    backend.pre_tokenizer = pre_tokenizers.Metaspace()
    backend.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(vocab_size=200, special_tokens=["<pad>", "</s>", "<unk>"], unk_token="<unk>")
    backend.train_from_iterator(_ENGLISH * 4, trainer)
    end = ("</s>", backend.token_to_id("</s>"))
    backend.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A </s> $B </s>", special_tokens=[end]
    )
    tokenizer = T5TokenizerFast(tokenizer_object=backend, pad_token="<pad>", eos_token="</s>", unk_token="<unk>")
    tokenizer.save_pretrained(pipeline / "tokenizer_3")
    index = json.loads((pipeline / "model_index.json").read_text(encoding="utf-8"))
    width = json.loads((pipeline / "transformer" / "config.json").read_text(encoding="utf-8"))["joint_attention_dim"]
    config = T5Config(
        vocab_size=len(tokenizer),
        d_model=width,
        d_kv=16,
        d_ff=2 * width,
        num_layers=2,
        num_heads=4,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        decoder_start_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(5)
    T5EncoderModel(config).save_pretrained(pipeline / "text_encoder_3")
    index |= {"text_encoder_3": ["transformers", "T5EncoderModel"], "tokenizer_3": ["transformers", "T5TokenizerFast"]}
    (pipeline / "model_index.json").write_text(json.dumps(index, indent=2), encoding="utf-8")
