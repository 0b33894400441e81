"""A tiny random Whisper, built offline once like the other tiny models (engine/tiny.py), so voice diaries
run without weights through the same `from_pretrained` code."""

from __future__ import annotations

from pathlib import Path

from engine.tiny import _KOREAN, _bpe_vocab_and_merges, build_once

SPEECH_VERSION = 1
WHISPER_SPECIAL_TOKENS = [
    "<|endoftext|>",
    "<|startoftranscript|>",
    "<|en|>",
    "<|ko|>",
    "<|translate|>",
    "<|transcribe|>",
    "<|startoflm|>",
    "<|startofprev|>",
    "<|nospeech|>",
    "<|notimestamps|>",
]


def ensure_tiny_speech(models_dir: Path) -> Path:
    """The tiny Whisper's folder under `models_dir`, built first if needed (apart from the drawing models, so
    building it never rebuilds them)."""
    return build_once(models_dir, "tiny-speech", SPEECH_VERSION, build_tiny_whisper)


def build_tiny_whisper(folder: Path) -> None:
    """A WhisperForConditionalGeneration of one layer each way, with a byte-level BPE tokenizer that has
    Whisper's special tokens, and the generation settings the pipeline needs to transcribe Korean. Its
    special tokens are suppressed, so it writes (random) words rather than stopping at once."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import (
        GenerationConfig,
        WhisperConfig,
        WhisperFeatureExtractor,
        WhisperForConditionalGeneration,
        WhisperProcessor,
        WhisperTokenizer,
    )

    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    backend.decoder = decoders.ByteLevel()
    vocab, merges = _bpe_vocab_and_merges(backend, _KOREAN * 4, 600, WHISPER_SPECIAL_TOKENS[:1])
    end = "<|endoftext|>"
    tokenizer = WhisperTokenizer(vocab=vocab, merges=merges, unk_token=end, bos_token=end, eos_token=end)
    # Whisper's other special tokens come after every word, <|notimestamps|> last: the ids past it are
    # timestamps to Whisper's decoding, and this model has none.
    tokenizer.add_special_tokens({"additional_special_tokens": WHISPER_SPECIAL_TOKENS[1:]})
    ids = {token: tokenizer.convert_tokens_to_ids(token) for token in WHISPER_SPECIAL_TOKENS}
    WhisperProcessor(feature_extractor=WhisperFeatureExtractor(feature_size=80), tokenizer=tokenizer).save_pretrained(
        folder
    )
    config = WhisperConfig(
        vocab_size=len(tokenizer),
        num_mel_bins=80,
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_source_positions=1500,
        max_target_positions=128,
        pad_token_id=ids[end],
        bos_token_id=ids[end],
        eos_token_id=ids[end],
        decoder_start_token_id=ids["<|startoftranscript|>"],
    )
    torch.manual_seed(0)
    model = WhisperForConditionalGeneration(config)
    model.generation_config = GenerationConfig(
        decoder_start_token_id=ids["<|startoftranscript|>"],
        eos_token_id=ids[end],
        pad_token_id=ids[end],
        bos_token_id=ids[end],
        is_multilingual=True,
        lang_to_id={"<|en|>": ids["<|en|>"], "<|ko|>": ids["<|ko|>"]},
        task_to_id={"transcribe": ids["<|transcribe|>"], "translate": ids["<|translate|>"]},
        no_timestamps_token_id=ids["<|notimestamps|>"],
        begin_suppress_tokens=[ids[end]],
        suppress_tokens=[ids[token] for token in WHISPER_SPECIAL_TOKENS[1:]],
    )
    model.save_pretrained(folder)
