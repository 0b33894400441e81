"""Tiny random models of the real classes, built offline once, so everything runs without weights.

The tokenizers are trained here with the `tokenizers` library on a small built-in corpus; the models
are the same classes as the full profile (Qwen3ForCausalLM, SD3Transformer2DModel with dual attention
and RMS qk-norm, AutoencoderKL with 16 latent channels, two CLIP text encoders) with fixed seeds.
They are saved with `save_pretrained` and loaded back through the same `from_pretrained` code.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

# Bump when the shapes or tokenizers below change: old builds are then rebuilt, not reused.
TINY_VERSION = 3
_COMPLETE_MARKER = "complete.json"

QWEN_CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}"
    "{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}"
    "{{- '<think>\\n\\n</think>\\n\\n' }}"
    "{%- endif %}"
    "{%- endif %}"
)
QWEN_SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
QWEN_ADDED_TOKENS = ["<think>", "</think>"]

# A small corpus for the tokenizers: English scene words and Korean diary-like sentences.
_ENGLISH = [
    "a happy child playing in a sunny park with friends, bright colours, warm afternoon light",
    "a quiet child sitting by a rainy window, soft grey and blue colours, gentle evening light",
    "a red kite in a blue sky above green hills, fluffy white clouds, cheerful mood",
    "a small dog wagging its tail in a garden full of yellow flowers",
    "a birthday cake with candles on a wooden table, family smiling, cosy room",
    "a closed shop on an empty street at dusk, lonely atmosphere, muted colours",
    "children on swings at a playground, laughing, golden sunshine, trees and sand",
    "a grandmother's house with a yard, chickens, corn, warm summer day",
    "a classroom with a teacher and a star sticker, proud child, bright morning",
    "hand drawing happiness style, hand drawing sadness style, crayon, pencil, drawing",
    "Mood: happiness Scene: Mood: sadness Scene:",
    "scene mood atmosphere lighting colours objects sky sea mountain river rain snow sun moon",
    "mother father sister brother friend teacher cat dog bird fish tree flower house school",
]
_KOREAN = [
    "오늘 학교 끝나고 친구랑 놀이터에서 그네를 탔다. 하늘까지 날아가는 것 같았다.",
    "엄마가 생일이라고 딸기 케이크를 만들어 주셨다.",
    "강아지가 꼬리를 흔들었다. 정말 귀여웠다.",
    "비가 와서 밖에 못 나가고 창문만 바라봤다. 심심하고 슬펐다.",
    "가게가 문을 닫아서 아이스크림을 못 샀다.",
    "할머니 댁에 가서 옥수수를 먹었다. 행복했다.",
    "친구랑 싸워서 속상했다. 내일은 화해하고 싶다.",
    "일기 그림 행복 슬픔 기쁨 하늘 바다 산 나무 꽃 집 학교 엄마 아빠 친구",
]


def ensure_tiny_models(models_dir: Path) -> Path:
    """Return the folder of the tiny models under `models_dir`, building them first if needed."""
    return build_once(models_dir, "tiny", TINY_VERSION, build_tiny_models)


def build_once(models_dir: Path, name: str, version: int, build: Callable[[Path], None]) -> Path:
    """`models_dir/NAME-vVERSION`, built by `build` into a staging folder and moved into place whole the first
    time; older versions of NAME are removed."""
    target = models_dir / f"{name}-v{version}"
    if (target / _COMPLETE_MARKER).is_file():
        return target
    models_dir.mkdir(parents=True, exist_ok=True)
    logger.info("building tiny offline models in %s (first run only)", target)
    staging = Path(tempfile.mkdtemp(prefix=f".{name}-build-", dir=models_dir))
    try:
        build(staging)
        (staging / _COMPLETE_MARKER).write_text(json.dumps({"version": version}), encoding="utf-8")
        if target.exists():
            # An unfinished build from an interrupted run.
            shutil.rmtree(target)
        try:
            os.replace(staging, target)
        except OSError:
            # Another process finished the same build first; use theirs.
            if not (target / _COMPLETE_MARKER).is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for old in models_dir.glob(f"{name}-v*"):
        if old != target:
            shutil.rmtree(old, ignore_errors=True)
    return target


def build_tiny_models(folder: Path) -> None:
    """Build and save the tiny LLM (`llm`), SD3 pipeline (`sd3`), CLIP judge (`clip`) and image safety
    classifier (`safety`)."""
    build_tiny_llm(folder / "llm")
    build_tiny_sd3(folder / "sd3")
    build_tiny_clip(folder / "clip")
    build_tiny_image_safety(folder / "safety")


def _bpe_vocab_and_merges(
    backend: object, corpus: list[str], vocab_size: int, special_tokens: list[str], suffix: str = ""
) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Train `backend` (a tokenizers.Tokenizer with a BPE model) on `corpus`; return its vocab and merges."""
    from tokenizers import Tokenizer, pre_tokenizers, trainers

    assert isinstance(backend, Tokenizer)
    options: dict[str, Any] = {"end_of_word_suffix": suffix} if suffix else {}
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=special_tokens,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
        **options,
    )
    backend.train_from_iterator(corpus, trainer)
    model = json.loads(backend.to_str())["model"]
    return model["vocab"], [tuple(merge) for merge in model["merges"]]


def build_tiny_llm(folder: Path) -> None:
    """A Qwen3ForCausalLM with a byte-level BPE tokenizer and a Qwen-style chat template."""
    import torch
    from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers
    from transformers import GenerationConfig, Qwen2Tokenizer, Qwen3Config, Qwen3ForCausalLM

    backend = Tokenizer(models.BPE())
    backend.normalizer = normalizers.NFC()
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    backend.decoder = decoders.ByteLevel()
    vocab, merges = _bpe_vocab_and_merges(backend, (_ENGLISH + _KOREAN) * 4, 1024, QWEN_SPECIAL_TOKENS[:1])

    tokenizer = Qwen2Tokenizer(
        vocab=vocab, merges=merges, eos_token="<|im_end|>", pad_token="<|endoftext|>", unk_token=None
    )
    tokenizer.add_special_tokens({"additional_special_tokens": QWEN_SPECIAL_TOKENS[1:]})
    tokenizer.add_tokens(QWEN_ADDED_TOKENS, special_tokens=False)
    tokenizer.chat_template = QWEN_CHAT_TEMPLATE
    tokenizer.save_pretrained(folder)

    im_end = tokenizer.convert_tokens_to_ids("<|im_end|>")
    end_of_text = tokenizer.convert_tokens_to_ids("<|endoftext|>")
    config = Qwen3Config(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=16,
        max_position_embeddings=8192,
        tie_word_embeddings=True,
        eos_token_id=im_end,
        pad_token_id=end_of_text,
    )
    torch.manual_seed(0)
    model = Qwen3ForCausalLM(config)
    model.generation_config = GenerationConfig(
        eos_token_id=[im_end, end_of_text], pad_token_id=end_of_text, do_sample=True
    )
    model.save_pretrained(folder)


def _tiny_clip_tokenizer(corpus: list[str]) -> object:
    from transformers import CLIPTokenizer

    # Train on a tokenizer with CLIP's own normalizer and pre-tokenizer so merges line up.
    template = CLIPTokenizer()
    special = ["<|startoftext|>", "<|endoftext|>"]
    vocab, merges = _bpe_vocab_and_merges(template.backend_tokenizer, corpus, 800, special, suffix="</w>")
    return CLIPTokenizer(vocab=vocab, merges=merges, model_max_length=77)


def build_tiny_sd3(folder: Path) -> None:
    """A StableDiffusion3Pipeline shaped like 3.5 Medium (dual attention, RMS qk-norm, 16-channel VAE), no T5."""
    from diffusers import FlowMatchEulerDiscreteScheduler, StableDiffusion3Pipeline

    tokenizer = _tiny_clip_tokenizer(_ENGLISH * 4)
    tokenizer_2 = _tiny_clip_tokenizer(_ENGLISH * 4)
    text_encoder = _tiny_clip_text_encoder(tokenizer, seed=1)
    text_encoder_2 = _tiny_clip_text_encoder(tokenizer_2, seed=2)
    pipeline = StableDiffusion3Pipeline(
        transformer=_tiny_sd3_transformer(),
        scheduler=FlowMatchEulerDiscreteScheduler(num_train_timesteps=1000, shift=3.0),
        vae=_tiny_sd3_vae(),
        text_encoder=text_encoder,
        tokenizer=tokenizer,
        text_encoder_2=text_encoder_2,
        tokenizer_2=tokenizer_2,
        text_encoder_3=None,
        tokenizer_3=None,
    )
    pipeline.save_pretrained(folder)


def _tiny_clip_text_encoder(tokenizer: Any, *, seed: int, hidden: int = 32) -> Any:
    """A CLIPTextModelWithProjection for `tokenizer`, as SD3's two CLIP text encoders are."""
    import torch
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection

    config = CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=hidden,
        intermediate_size=hidden * 2,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=77,
        projection_dim=hidden,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    return CLIPTextModelWithProjection(config)


def _tiny_sd3_transformer() -> Any:
    """An SD3Transformer2DModel with 3.5 Medium's dual attention in its first block and RMS qk-norm."""
    import torch
    from diffusers import SD3Transformer2DModel

    torch.manual_seed(3)
    return SD3Transformer2DModel(
        sample_size=64,
        patch_size=2,
        in_channels=16,
        num_layers=2,
        attention_head_dim=16,
        num_attention_heads=2,
        joint_attention_dim=64,
        caption_projection_dim=32,
        pooled_projection_dim=64,
        out_channels=16,
        pos_embed_max_size=96,
        dual_attention_layers=(0,),
        qk_norm="rms_norm",
    )


def _tiny_sd3_vae() -> Any:
    """An AutoencoderKL with SD3's 16 latent channels, scaling and shift factors."""
    import torch
    from diffusers import AutoencoderKL

    torch.manual_seed(4)
    return AutoencoderKL(
        in_channels=3,
        out_channels=3,
        down_block_types=["DownEncoderBlock2D"] * 4,
        up_block_types=["UpDecoderBlock2D"] * 4,
        block_out_channels=[8, 8, 16, 16],
        layers_per_block=1,
        latent_channels=16,
        norm_num_groups=4,
        sample_size=512,
        scaling_factor=1.5305,
        shift_factor=0.0609,
        use_quant_conv=False,
        use_post_quant_conv=False,
    )


def build_tiny_clip(folder: Path) -> None:
    """A CLIPModel (text and vision towers) with its processor: the evaluation's stand-in for LongCLIP."""
    import torch
    from transformers import CLIPConfig, CLIPImageProcessor, CLIPModel, CLIPProcessor

    tokenizer = _tiny_clip_tokenizer(_ENGLISH * 4)
    config = CLIPConfig(
        text_config={
            "vocab_size": len(tokenizer),  # type: ignore[arg-type]
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 2,
            "num_attention_heads": 2,
            "max_position_embeddings": 77,
            "bos_token_id": tokenizer.bos_token_id,  # type: ignore[attr-defined]
            "eos_token_id": tokenizer.eos_token_id,  # type: ignore[attr-defined]
            "pad_token_id": tokenizer.pad_token_id,  # type: ignore[attr-defined]
        },
        vision_config={
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 2,
            "num_attention_heads": 2,
            "image_size": 32,
            "patch_size": 8,
        },
        projection_dim=32,
    )
    torch.manual_seed(5)
    CLIPModel(config).save_pretrained(folder)
    image_processor = CLIPImageProcessor(size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32})
    CLIPProcessor(image_processor=image_processor, tokenizer=tokenizer).save_pretrained(folder)


def build_tiny_image_safety(folder: Path) -> None:
    """A ViT image classifier with the labels of the real safety model (`normal`, `nsfw`), leaning to `normal`."""
    import torch
    from transformers import ViTConfig, ViTForImageClassification, ViTImageProcessor

    config = ViTConfig(
        image_size=32,
        patch_size=8,
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        num_labels=2,
        id2label={0: "normal", 1: "nsfw"},
        label2id={"normal": 0, "nsfw": 1},
    )
    torch.manual_seed(6)
    model = ViTForImageClassification(config)
    with torch.no_grad():
        # Random weights would flag at random: this stand-in says "normal" unless a test makes it not.
        model.classifier.bias.copy_(torch.tensor([4.0, -4.0]))
    model.save_pretrained(folder)
    ViTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(folder)
