"""Training data: children's drawings with an emotion label and the child's own text, checked before any GPU work."""

from __future__ import annotations

import hashlib
import io
import json
import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from training.errors import DataError

Strategy = Literal["trigger", "emotion", "emotion-text"]
STRATEGIES: tuple[Strategy, ...] = ("trigger", "emotion", "emotion-text")
TRAINING_TRIGGER = "kido"
INFERENCE_TRIGGER = "hand drawing"
METADATA = "metadata.jsonl"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".bmp"}

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Example:
    """One drawing: where its pixels come from, its emotion label and the child's text."""

    name: str
    emotion: str
    text: str
    read: Callable[[], bytes]


def caption(example: Example, strategy: Strategy) -> str:
    """The training caption, exactly as the paper: `kido style`, `kido sadness style`, `kido sadness style, <text>`."""
    if strategy == "trigger":
        return f"{TRAINING_TRIGGER} style"
    head = f"{TRAINING_TRIGGER} {example.emotion} style"
    text = " ".join(example.text.split())
    if strategy == "emotion-text" and text:
        return f"{head}, {text}"
    return head


def inference_template(strategy: Strategy) -> str:
    """The trigger to draw with: the paper swaps `kido` for `hand drawing` at inference."""
    return f"{INFERENCE_TRIGGER} style" if strategy == "trigger" else f"{INFERENCE_TRIGGER} {{emotion}} style"


def load_examples(source: str, labels: tuple[str, ...]) -> list[Example]:
    """A local image folder with `metadata.jsonl`, or a hub dataset id such as `serdarciftci/KIDO`."""
    path = Path(source)
    if path.exists():
        examples = load_folder(path, labels)
    elif source.count("/") == 1 and not source.startswith((".", "/")):
        examples = load_hub(source, labels)
    else:
        raise DataError(f"{source}: no such folder (and not a dataset id like serdarciftci/KIDO)")
    check_images(examples)
    return examples


def load_folder(folder: Path, labels: tuple[str, ...]) -> list[Example]:
    """Read `folder/metadata.jsonl` (`file_name`, `emotion`, `text` per line) and check every entry."""
    if not folder.is_dir():
        raise DataError(f"{folder}: not a folder")
    metadata = folder / METADATA
    if not metadata.is_file():
        raise DataError(f'{metadata}: missing; it lists each image as {{"file_name", "emotion", "text"}}')
    examples = []
    for number, line in enumerate(metadata.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{metadata}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(f"{where}: not JSON ({error.msg})") from error
        if not isinstance(record, dict):
            raise DataError(f"{where}: each line must be a JSON object")
        examples.append(_folder_example(folder, record, labels, where))
    if not examples:
        raise DataError(f"{metadata}: no examples; the folder needs at least one labelled drawing")
    return examples


def _folder_example(folder: Path, record: dict[str, Any], labels: tuple[str, ...], where: str) -> Example:
    name = record.get("file_name")
    if not isinstance(name, str) or not name:
        raise DataError(f"{where}: file_name is missing")
    image = (folder / name).resolve()
    if folder.resolve() not in image.parents:
        raise DataError(f"{where}: {name} is outside the data folder")
    if not image.is_file():
        raise DataError(f"{folder / name}: the image file is missing")
    emotion = record.get("emotion")
    if emotion not in labels:
        raise DataError(f"{folder / name}: unknown emotion {emotion!r}; expected one of {list(labels)}")
    text = record.get("text", "")
    if not isinstance(text, str):
        raise DataError(f"{folder / name}: text must be a string")
    return Example(name=name, emotion=str(emotion), text=text, read=image.read_bytes)


def load_hub(dataset_id: str, labels: tuple[str, ...]) -> list[Example]:
    """A dataset from the Hugging Face Hub (needs the `datasets` package and a network, or its cache).

    Rows with a label other than `labels` are left out (KIDO has more emotions than the two the
    paper trains on), and the kept and dropped counts per label are logged.
    """
    try:
        import datasets
    except ImportError as error:
        raise DataError(f"{dataset_id}: reading hub datasets needs `pip install datasets`") from error
    try:
        table = datasets.load_dataset(dataset_id, split="train")
    except Exception as error:
        raise DataError(
            f"{dataset_id}: could not be loaded ({type(error).__name__}); download it and pass the image folder"
        ) from error
    label_column = "emotion" if "emotion" in table.column_names else "label"
    if label_column not in table.column_names:
        raise DataError(f"{dataset_id}: no `emotion` or `label` column; its columns are {table.column_names}")
    names = getattr(table.features.get(label_column), "names", None)
    # Read from the label column alone, so the images of the dropped rows are never decoded.
    emotions = [str(names[value] if names else value).lower() for value in table[label_column]]
    kept = select_labels(dataset_id, emotions, labels)
    examples = []
    for index, row in zip(kept, table.select(kept), strict=True):
        buffer = io.BytesIO()
        row["image"].save(buffer, format="PNG")
        examples.append(
            Example(f"{dataset_id}[{index}]", emotions[index], str(row.get("text") or ""), _constant(buffer.getvalue()))
        )
    return examples


def select_labels(source: str, emotions: list[str], labels: tuple[str, ...]) -> list[int]:
    """The rows whose emotion is one of `labels`, with a log line of how many were kept and dropped per label."""
    counts = Counter(emotions)
    kept = {label: counts[label] for label in labels}
    dropped = {label: count for label, count in sorted(counts.items()) if label not in labels}
    missing = [label for label, count in kept.items() if count == 0]
    if missing:
        raise DataError(f"{source}: no rows labelled {missing}; its labels are {sorted(counts)}")
    log = logger.warning if dropped else logger.info
    log("%s: kept %s; dropped %s (labels other than %s)", source, _counts(kept), _counts(dropped), list(labels))
    return [index for index, emotion in enumerate(emotions) if emotion in kept]


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{count:,} {label}" for label, count in counts.items()) or "none"


def _constant(data: bytes) -> Callable[[], bytes]:
    return lambda: data


def check_images(examples: list[Example]) -> None:
    """Open every image once, so a broken file is named before training starts."""
    from PIL import Image, UnidentifiedImageError

    for example in examples:
        try:
            with Image.open(io.BytesIO(example.read())) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise DataError(f"{example.name}: not a readable image ({type(error).__name__})") from error


def fingerprint(examples: list[Example]) -> str:
    """A short hash of the data (names, labels, texts, pixels): which data a LoRA was trained on."""
    digest = hashlib.sha256()
    for example in sorted(examples, key=lambda item: item.name):
        digest.update(f"{example.name}\0{example.emotion}\0{example.text}\0".encode())
        digest.update(hashlib.sha256(example.read()).digest())
    return digest.hexdigest()[:16]


class BalancedSampler:
    """Balanced epochs: the labels take turns, and within an epoch each label shows all of its
    drawings, in a fresh order each round, before any of them repeats.

    An epoch is as many turns as the largest label needs to show each of its drawings once, so every
    drawing is seen in every epoch; a smaller label starts another round within it, and every label
    starts a new round with each epoch. Draw number `p` of the run is a pure function of (seed, p), so
    `--resume` sees exactly the batches it would have seen without the interruption.
    """

    def __init__(self, labels_of: list[str], labels: tuple[str, ...], seed: int) -> None:
        self.seed = seed
        by_label: dict[str, list[int]] = {label: [] for label in labels}
        for index, label in enumerate(labels_of):
            by_label[label].append(index)
        self.pools = [pool for pool in by_label.values() if pool]
        self.epoch_length = len(self.pools) * max(len(pool) for pool in self.pools)
        """Draws in one epoch."""
        self._orders: dict[int, tuple[tuple[int, int], list[int]]] = {}

    def batch(self, step: int, size: int) -> list[int]:
        """The example indices of step `step` when every step draws `size` of them."""
        return [self.draw(step * size + offset) for offset in range(size)]

    def draw(self, position: int) -> int:
        """The example index of draw number `position` of the run."""
        epoch, offset = divmod(position, self.epoch_length)
        turn, label = divmod(offset, len(self.pools))
        pool = self.pools[label]
        round_, place = divmod(turn, len(pool))
        return pool[self._order(label, (epoch, round_))[place]]

    def _order(self, label: int, when: tuple[int, int]) -> list[int]:
        cached = self._orders.get(label)
        if cached is None or cached[0] != when:
            import numpy as np

            order = np.random.default_rng([self.seed, label, *when]).permutation(len(self.pools[label]))
            cached = (when, [int(place) for place in order])
            self._orders[label] = cached
        return cached[1]
