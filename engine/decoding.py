"""Writing several scenes at once: one left-padded prefill, then one decode step for all rows at a time.

Each row samples with its own generator, seeded by its diary's seed, so a diary's scene does not depend on
what else is in the batch. A row stops at the end of its paragraph (a newline after some text) or at an
end-of-turn token; the batch stops when every row has. With `static_cache` the keys and values live in
a cache of fixed shape, so the decode step can be compiled (CUDA graphs on a GPU): a batch is then padded
to 1, 2, 4 or 8 rows (then multiples of 8) and its cache to a multiple of 256 tokens, and a `CacheShelf`
keeps one cache per such shape, emptied between calls, so the compiled step meets the same few shapes and
the same cache tensors call after call and never records its graphs again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel, PreTrainedTokenizerBase


@dataclass(frozen=True)
class Sampling:
    """Qwen3's advice for non-thinking mode by default; applied in the order transformers applies them
    (repetition penalty, temperature, top-k, top-p, min-p)."""

    temperature: float = 0.7
    top_p: float = 0.8
    top_k: int = 20
    min_p: float = 0.0
    repetition_penalty: float = 1.0


@dataclass(frozen=True)
class Written:
    """One row's new tokens and their text."""

    token_ids: list[int]
    text: str


class TokenKinds:
    """Which token ids end a turn, hold a line break, or show nothing (only spaces): read once per tokenizer.

    `size` is the model's vocabulary, which may be larger than the tokenizer's (Qwen3 pads its embedding):
    an id the tokenizer does not know shows nothing."""

    def __init__(self, tokenizer: PreTrainedTokenizerBase, stop_ids: list[int], device: Any, size: int = 0) -> None:
        import torch

        known = len(tokenizer)
        size = max(size, known)
        texts = tokenizer.batch_decode([[token] for token in range(known)]) + [""] * (size - known)
        self.stop = torch.zeros(size, dtype=torch.bool, device=device)
        self.stop[stop_ids] = True
        self.newline = torch.tensor(["\n" in text for text in texts], dtype=torch.bool, device=device)
        self.blank = torch.tensor([not text.strip() for text in texts], dtype=torch.bool, device=device)


def sample_next(
    logits: torch.Tensor, seen: torch.Tensor, generators: list[torch.Generator], sampling: Sampling
) -> torch.Tensor:
    """One token per row from `logits` [rows, vocab]; `seen` [rows, tokens] is what the repetition
    penalty looks at (the prompt and what was written). Temperature 0 is greedy: the likeliest token."""
    import torch

    scores = logits.float()
    if sampling.temperature == 0:
        return scores.argmax(dim=-1)
    if sampling.repetition_penalty != 1.0:
        picked = scores.gather(1, seen)
        picked = torch.where(picked < 0, picked * sampling.repetition_penalty, picked / sampling.repetition_penalty)
        scores = scores.scatter(1, seen, picked)
    scores = scores / sampling.temperature
    candidates: torch.Tensor | None = None
    if sampling.top_k > 0:
        # Only the k likeliest can be drawn: the rest of the work looks at those k, not the whole vocabulary.
        scores, candidates = torch.topk(scores, min(sampling.top_k, scores.shape[-1]), dim=-1)
    if sampling.top_p < 1.0:
        ordered, order = torch.sort(scores, descending=False, dim=-1)
        cumulative = ordered.softmax(dim=-1).cumsum(dim=-1)
        remove = cumulative <= (1 - sampling.top_p)
        remove[:, -1] = False  # always keep the most likely token
        scores = scores.masked_fill(remove.scatter(1, order, remove), float("-inf"))
    probabilities = scores.softmax(dim=-1)
    if sampling.min_p > 0:
        floor = sampling.min_p * probabilities.max(dim=-1, keepdim=True).values
        probabilities = probabilities.masked_fill(probabilities < floor, 0.0)
    drawn = torch.cat(
        [torch.multinomial(probabilities[row], 1, generator=generator) for row, generator in enumerate(generators)]
    )
    if candidates is None:
        return drawn
    return candidates.gather(1, drawn[:, None])[:, 0]


def left_padded(prompts: list[list[int]], pad_id: int, device: Any) -> tuple[torch.Tensor, torch.Tensor]:
    """The prompts as one batch, padded on the left (so every row's next token comes at the same column),
    and the attention mask."""
    import torch

    width = max(len(prompt) for prompt in prompts)
    ids = [[pad_id] * (width - len(prompt)) + prompt for prompt in prompts]
    mask = [[0] * (width - len(prompt)) + [1] * len(prompt) for prompt in prompts]
    return torch.tensor(ids, device=device), torch.tensor(mask, device=device)


def write_batch(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    prompts: list[list[int]],
    seeds: list[int],
    *,
    kinds: TokenKinds,
    sampling: Sampling,
    max_new_tokens: int,
    pad_id: int,
    static_cache: bool = False,
    step: Callable[..., Any] | None = None,
    shelf: CacheShelf | None = None,
) -> list[Written]:
    """Sample a continuation of each prompt: one prefill for all, then one `step` (the model's forward, or a
    compiled version of it) per new token for all rows still writing. On a static cache the batch is padded
    to its bucket with rows that are done from the start, and the cache comes from `shelf` (a new one
    when None)."""
    asked = len(prompts)
    if not static_cache:
        return _write(model, tokenizer, prompts, seeds, kinds, sampling, max_new_tokens, pad_id, step, None, 0)
    filler = rows_bucket(asked) - asked
    prompts = prompts + [prompts[0]] * filler
    seeds = seeds + [0] * filler
    length = cache_bucket(max(len(prompt) for prompt in prompts) + max_new_tokens)
    with (shelf or CacheShelf()).lend(model, len(prompts), length) as cache:
        written = _write(model, tokenizer, prompts, seeds, kinds, sampling, max_new_tokens, pad_id, step, cache, filler)
    return written[:asked]


def _write(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    prompts: list[list[int]],
    seeds: list[int],
    kinds: TokenKinds,
    sampling: Sampling,
    max_new_tokens: int,
    pad_id: int,
    step: Callable[..., Any] | None,
    cache: Any,
    filler: int,
) -> list[Written]:
    """`write_batch`'s work on `cache` (None: a dynamic one); the last `filler` rows are done from the start."""
    import torch

    device = model.device
    rows = len(prompts)
    input_ids, mask = left_padded(prompts, pad_id, device)
    positions = (mask.cumsum(-1) - 1).clamp(min=0)
    generators = [torch.Generator(device=device).manual_seed(seed) for seed in seeds]
    width = input_ids.shape[1]
    # What the repetition penalty looks at: the padding shown as the row's last prompt token (the set of
    # tokens seen, as without padding), so a row is penalised the same alone or in a batch.
    history = torch.where(mask.bool(), input_ids, input_ids[:, -1:])
    if cache is not None:
        mask = _spanning(mask, cache.get_max_length())
    forward = step or model.forward
    written = torch.empty((rows, 0), dtype=torch.long, device=device)
    done = torch.zeros(rows, dtype=torch.bool, device=device)
    done[rows - filler :] = True
    has_text = torch.zeros(rows, dtype=torch.bool, device=device)
    with torch.inference_mode():
        output = _prefill(model, input_ids, mask, positions, cache)
        for index in range(max_new_tokens):
            # The repetition penalty alone looks back at what was written.
            seen = torch.cat([history, written], dim=1) if sampling.repetition_penalty != 1.0 else history
            token = sample_next(output.logits[:, -1], seen, generators, sampling)
            token = torch.where(done, torch.full_like(token, pad_id), token)
            written = torch.cat([written, token[:, None]], dim=1)
            done |= kinds.stop[token] | (kinds.newline[token] & has_text)
            has_text |= ~kinds.blank[token]
            if bool(done.all()) or index == max_new_tokens - 1:
                break
            # Rows that are done go on with padding; their outputs are not read any more.
            mask = _grown(mask, None if cache is None else width + index)
            positions = positions[:, -1:] + 1
            output = forward(
                input_ids=token[:, None],
                attention_mask=mask,
                position_ids=positions,
                past_key_values=output.past_key_values,
                cache_position=torch.tensor([width + index], device=device),
                use_cache=True,
            )
    return [_row(tokenizer, written[row].tolist(), kinds, pad_id) for row in range(rows)]


def _prefill(model: PreTrainedModel, input_ids: Any, mask: Any, positions: Any, cache: Any) -> Any:
    """The model's forward over the whole padded prompts, keeping the logits of the last column only."""
    import torch

    return model(
        input_ids=input_ids,
        attention_mask=mask,
        position_ids=positions,
        past_key_values=cache,
        cache_position=torch.arange(input_ids.shape[1], device=input_ids.device),
        use_cache=True,
        logits_to_keep=1,
    )


def _row(tokenizer: PreTrainedTokenizerBase, tokens: list[int], kinds: TokenKinds, pad_id: int) -> Written:
    """A row's tokens up to and with the one that ended it (pads after it dropped)."""
    kept: list[int] = []
    has_text = False
    for token in tokens:
        kept.append(token)
        if bool(kinds.stop[token]) or (bool(kinds.newline[token]) and has_text):
            break
        has_text = has_text or not bool(kinds.blank[token])
    return Written(kept, str(tokenizer.decode(kept, skip_special_tokens=True)))


def _spanning(mask: torch.Tensor, length: int) -> torch.Tensor:
    """The mask spanning the whole static cache from the start, so every decode step sees the same shapes."""
    import torch

    padding = torch.zeros((mask.shape[0], length - mask.shape[1]), dtype=mask.dtype, device=mask.device)
    return torch.cat([mask, padding], dim=1)


def _grown(mask: torch.Tensor, column: int | None) -> torch.Tensor:
    """The mask with the new token seen: one more column, or on a static cache its column set."""
    import torch

    if column is None:
        return torch.cat([mask, torch.ones((mask.shape[0], 1), dtype=mask.dtype, device=mask.device)], dim=1)
    mask[:, column] = 1
    return mask


def cache_bucket(length: int, step: int = 256) -> int:
    """The cache length rounded up, so a compiled step sees a few shapes, not one per prompt length."""
    return -(-length // step) * step


def rows_bucket(rows: int) -> int:
    """The batch's rows rounded up to 1, 2, 4 or 8, then to a multiple of 8."""
    if rows > 8:
        return -(-rows // 8) * 8
    bucket = 1
    while bucket < rows:
        bucket *= 2
    return bucket


@dataclass
class CacheShelf:
    """Static caches kept between calls, one per (rows, length): a compiled decode step (CUDA graphs) finds
    the very tensors it was recorded on. A cache is lent to one call at a time and emptied before it is
    lent again; a call that finds its cache lent out gets a new one."""

    most: int = 8
    """Caches kept at most (the least lately used goes first): 1, 2, 4 and 8 rows at two lengths."""
    _free: OrderedDict[tuple[int, int], Any] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    made: int = 0
    """How many caches were ever built: a measure of how often the compiled step met new tensors."""

    @contextmanager
    def lend(self, model: PreTrainedModel, rows: int, length: int) -> Iterator[Any]:
        key = (rows, length)
        with self._lock:
            cache = self._free.pop(key, None)
            if cache is None:
                self.made += 1
        if cache is None:
            from transformers import StaticCache

            cache = StaticCache(config=model.config, max_cache_len=length)
        else:
            import torch

            with torch.inference_mode():  # its tensors were made in inference mode, at the first call
                cache.reset()
        try:
            yield cache
        finally:
            with self._lock:
                self._free.setdefault(key, cache)
                self._free.move_to_end(key)
                while len(self._free) > self.most:
                    self._free.popitem(last=False)

    def clear(self) -> None:
        """Let every kept cache go (after running out of memory)."""
        with self._lock:
            self._free.clear()
