"""Batched scene writing on the tiny Qwen3: the same scenes as one at a time and as transformers' own
generate (greedy), with a static cache and through a compiled step; each row's sampling its own."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from engine.decoding import CacheShelf, Sampling, TokenKinds, _row, cache_bucket, rows_bucket, sample_next, write_batch
from engine.pipeline import DiaryPipeline
from engine.prompt_writer import PromptWriter, WriteRequest
from engine.stages import WritingStage
from tests.support.diaries import SAMPLE_DIARIES

GREEDY = Sampling(temperature=0)


@pytest.fixture(scope="module")
def writer(tiny_pipeline: DiaryPipeline) -> PromptWriter:
    return tiny_pipeline.writer


def prompts(writer: PromptWriter) -> list[list[int]]:
    return [writer.encode_diary(diary) for diary in SAMPLE_DIARIES]


def written(
    writer: PromptWriter, rows: list[list[int]], seeds: list[int], model: object = None, **options: object
) -> list[list[int]]:
    arguments: dict[str, object] = {
        "kinds": writer._kinds,
        "sampling": GREEDY,
        "max_new_tokens": 12,
        "pad_id": writer._pad_id(),
        **options,
    }
    model = writer.model if model is None else model
    return [row.token_ids for row in write_batch(model, writer.tokenizer, rows, seeds, **arguments)]  # type: ignore[arg-type]


def test_a_batch_writes_what_each_prompt_writes_alone_and_what_generate_writes(writer: PromptWriter) -> None:
    rows = prompts(writer)
    alone = [written(writer, [row], [0])[0] for row in rows]
    assert written(writer, rows, [0, 1, 2]) == alone
    assert written(writer, rows, [0, 1, 2], static_cache=True) == alone
    for row, tokens in zip(rows, alone, strict=True):
        output = writer.model.generate(
            input_ids=torch.tensor([row]),
            attention_mask=torch.ones((1, len(row)), dtype=torch.long),
            max_new_tokens=12,
            do_sample=False,
            eos_token_id=writer._stop_ids,
            pad_token_id=writer._pad_id(),
        )
        assert output[0, len(row) :].tolist()[: len(tokens)] == tokens


def test_the_compiled_step_on_a_static_cache_writes_the_same(writer: PromptWriter) -> None:
    rows = prompts(writer)
    step = torch.compile(writer.model.forward, backend="eager")
    assert written(writer, rows, [0, 1, 2], static_cache=True, step=step) == written(writer, rows, [0, 1, 2])


def test_each_row_samples_with_its_own_seed(writer: PromptWriter) -> None:
    rows = prompts(writer)
    sampling = {"sampling": Sampling()}
    together = written(writer, rows, [5, 6, 7], **sampling)
    assert together == [
        written(writer, [row], [seed], **sampling)[0] for row, seed in zip(rows, [5, 6, 7], strict=True)
    ]


def test_the_repetition_penalty_does_not_see_a_rows_padding(writer: PromptWriter) -> None:
    # Rows of different lengths: the shorter one is padded. The padding is the very token the short row
    # writes first when alone, so penalising the padding would change what it writes.
    short, long = prompts(writer)[0][:40], prompts(writer)[1]
    penalised = {"sampling": Sampling(temperature=1.0, top_k=1, top_p=1.0, repetition_penalty=5.0)}
    alone = [written(writer, [row], [seed], **penalised)[0] for row, seed in zip([short, long], [3, 4], strict=True)]
    pad = alone[0][0]
    assert pad not in short
    together = written(writer, [short, long], [3, 4], pad_id=pad, **penalised)
    assert together == alone


def test_a_writer_built_to_compile_writes_the_same_scenes(tiny_pipeline: DiaryPipeline) -> None:
    plain = tiny_pipeline.writer
    options = dataclasses.replace(plain.options, static_cache=True, compile=True, compile_backend="eager")
    compiled = PromptWriter(plain.model, plain.tokenizer, labels=plain.labels, options=options)
    assert compiled._step is not None
    requests = [WriteRequest(diary, seed) for seed, diary in enumerate(SAMPLE_DIARIES)]
    assert [w.prompt for w in compiled.write_many(requests)] == [w.prompt for w in plain.write_many(requests)]


def test_warming_up_builds_every_batch_shape_a_queue_can_send(tiny_pipeline: DiaryPipeline) -> None:
    plain = tiny_pipeline.writer
    options = dataclasses.replace(plain.options, static_cache=True, compile=True, compile_backend="eager")
    compiled = PromptWriter(plain.model, plain.tokenizer, labels=plain.labels, options=options)
    WritingStage(compiled, tiny_pipeline.style).warm_up(5)
    warmed = compiled._shelf.made
    assert warmed >= 4  # rows 1, 2, 4 and 8 (the emotion scoring and a retry may add a length)
    for size in (1, 2, 3, 5):
        compiled.write_many([WriteRequest(diary, seed) for seed, diary in enumerate(SAMPLE_DIARIES[:1] * size)])
    assert compiled._shelf.made == warmed


def test_the_scores_of_a_batch_are_each_diarys_own(writer: PromptWriter) -> None:
    rows = prompts(writer)
    together = writer.score_many(rows)
    for row, found in zip(rows, together, strict=True):
        alone = writer.score_many([row])[0]
        assert found.keys() == alone.keys()
        assert all(abs(found[label] - alone[label]) < 1e-5 for label in found)


def test_sampling_rules() -> None:
    logits = torch.tensor([[0.0, 1.0, 3.0, 2.0]])
    generator = [torch.Generator().manual_seed(0)]
    seen = torch.tensor([[2]])
    assert sample_next(logits, seen, generator, GREEDY).tolist() == [2]
    # top-k 1 keeps only the likeliest; a strong repetition penalty pushes a seen token below the next one.
    assert sample_next(logits, seen, generator, Sampling(temperature=1.0, top_k=1, top_p=1.0)).tolist() == [2]
    penalised = Sampling(temperature=1.0, top_k=1, top_p=1.0, repetition_penalty=2.0)
    assert sample_next(logits, seen, generator, penalised).tolist() == [3]
    # min-p drops what is far below the top: only tokens 2 and 3 are ever drawn.
    draws = {
        sample_next(logits, seen, [torch.Generator().manual_seed(seed)], Sampling(1.0, 1.0, 0, 0.3, 1.0)).item()
        for seed in range(40)
    }
    assert draws <= {2, 3}


def test_a_row_ends_at_its_paragraph_end(writer: PromptWriter) -> None:
    kinds: TokenKinds = writer._kinds
    newline = int(kinds.newline.nonzero()[0])
    words = [int(token) for token in (~kinds.blank & ~kinds.newline & ~kinds.stop).nonzero()[:3, 0]]
    # A line break before any text does not end it; one after some text does, and nothing after it is kept.
    row = _row(writer.tokenizer, [newline, *words, newline, *words], kinds, writer._pad_id())
    assert row.token_ids == [newline, *words, newline]


def test_ids_past_the_tokenizer_are_known_as_nothing(writer: PromptWriter) -> None:
    # Qwen3-8B's embedding has 151,936 rows, its tokenizer 151,669 tokens: a sampled padding id must not
    # index past the token kinds.
    size = len(writer.tokenizer) + 40
    kinds = TokenKinds(writer.tokenizer, writer._stop_ids, "cpu", size=size)
    assert kinds.stop.shape[0] == kinds.newline.shape[0] == kinds.blank.shape[0] == size
    assert bool(kinds.blank[size - 1])
    assert not bool(kinds.stop[size - 1])
    assert not bool(kinds.newline[size - 1])


def test_in_bfloat16_rows_of_one_length_write_what_each_writes_alone(writer: PromptWriter) -> None:
    # What README promises for bfloat16: rows of equal length (no padding) are each their own. Rows padded
    # beside longer ones may drift after a few dozen tokens in bfloat16, and README says so.
    import copy

    half = copy.deepcopy(writer.model).to(torch.bfloat16)
    rows = prompts(writer)
    width = min(len(row) for row in rows)
    equal = [row[-width:] for row in rows]
    sampling = {"model": half, "sampling": Sampling(), "max_new_tokens": 40}
    alone = [written(writer, [row], [seed], **sampling)[0] for row, seed in zip(equal, [5, 6, 7], strict=True)]
    assert written(writer, equal, [5, 6, 7], **sampling) == alone


@pytest.mark.parametrize("dynamic", [False, None])
def test_a_compiled_step_is_compiled_once_per_bucket_and_keeps_its_caches(
    writer: PromptWriter, dynamic: bool | None
) -> None:
    # Batches of 1 to 8 rows and prompts of several lengths: a second pass over the same kinds of batch
    # compiles nothing new and builds no new cache (a CUDA graph would replay on the very same tensors).
    # Shapes kept static compile once per shape; the writer's own (dynamic=None) at most three times in all.
    compiled: list[int] = []

    def counting(graph: torch.fx.GraphModule, inputs: list[torch.Tensor]) -> object:
        compiled.append(len(inputs))
        return graph.forward

    torch._dynamo.reset()
    step = torch.compile(writer.model.forward, backend=counting, dynamic=dynamic)
    shelf = CacheShelf()
    rows = prompts(writer)
    batches = [rows[:1], rows[:3], rows[1:2], [rows[0][:30]] * 5, rows[:2], rows * 2 + rows[:2]]

    def one_pass() -> list[list[list[int]]]:
        return [
            written(writer, batch, list(range(len(batch))), static_cache=True, step=step, shelf=shelf)
            for batch in batches
        ]

    first = one_pass()
    after_first, caches = len(compiled), shelf.made
    assert one_pass() == first
    assert (len(compiled), shelf.made) == (after_first, caches)
    # One cache and one graph per shape met: rows 1, 2, 4 and 8, and the cache lengths.
    shapes = {(rows_bucket(len(batch)), cache_bucket(max(map(len, batch)) + 12)) for batch in batches}
    assert {rows for rows, _ in shapes} == {1, 2, 4, 8}
    assert caches == len(shapes)
    if dynamic is False:
        assert after_first == len(shapes)
    else:
        assert after_first <= 3
    assert first[1] == written(writer, rows, [0, 1, 2])
    torch._dynamo.reset()


def test_rows_are_padded_to_a_few_buckets() -> None:
    assert [rows_bucket(rows) for rows in range(1, 10)] == [1, 2, 4, 4, 8, 8, 8, 8, 16]
    assert [rows_bucket(rows) for rows in (16, 17, 24)] == [16, 24, 24]
    assert [cache_bucket(length) for length in (1, 256, 257, 700)] == [256, 256, 512, 768]


def test_the_shelf_keeps_a_few_caches_and_lets_them_all_go(writer: PromptWriter) -> None:
    shelf = CacheShelf(most=2)
    for rows in (1, 2, 4):
        with shelf.lend(writer.model, rows, 256):
            pass
    assert (shelf.made, list(shelf._free)) == (3, [(2, 256), (4, 256)])  # the least lately used went
    with shelf.lend(writer.model, 2, 256):
        pass
    assert shelf.made == 3
    shelf.clear()
    assert list(shelf._free) == []
