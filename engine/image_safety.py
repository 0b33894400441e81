"""The last check before a child sees a drawing: an image classifier that flags unsafe pictures.

The full profile loads `CRAYON_IMAGE_SAFETY_MODEL` (by default Falconsai/nsfw_image_detection, a ViT
fine-tuned to tell `normal` from `nsfw`, loaded with transformers and run offline once downloaded);
the tiny profile loads a tiny ViT of the same class built offline, through the same code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from PIL.Image import Image


class DrawingCheck(Protocol):
    """Flags drawings no child should see: one answer per image, in order."""

    def flagged(self, images: list[Image]) -> list[bool]: ...


class ImageSafety:
    """The probability that a drawing shows something unsafe, and whether that crosses the threshold."""

    def __init__(self, model: Any, processor: Any, *, unsafe_labels: tuple[str, ...], threshold: float) -> None:
        self.model = model.eval()
        self.processor = processor
        self.threshold = threshold
        labels = {str(name).lower(): int(index) for index, name in model.config.id2label.items()}
        missing = [label for label in unsafe_labels if label.lower() not in labels]
        if missing:
            raise ValueError(f"the image safety model has no label {missing}; it knows {sorted(labels)}")
        self.unsafe_indices = [labels[label.lower()] for label in unsafe_labels]

    @classmethod
    def from_pretrained(
        cls, source: str, *, device: str, unsafe_labels: tuple[str, ...], threshold: float
    ) -> ImageSafety:
        from transformers import AutoImageProcessor, AutoModelForImageClassification

        processor = AutoImageProcessor.from_pretrained(source)
        model = AutoModelForImageClassification.from_pretrained(source).to(device)
        return cls(model, processor, unsafe_labels=unsafe_labels, threshold=threshold)

    def scores(self, images: list[Image]) -> list[float]:
        """For each image, the summed probability of the unsafe labels."""
        import torch

        inputs = self.processor(images=[image.convert("RGB") for image in images], return_tensors="pt")
        pixels = inputs["pixel_values"].to(self.model.device, self.model.dtype)
        with torch.inference_mode():
            probabilities = torch.softmax(self.model(pixel_values=pixels).logits.float(), dim=-1)
        return [float(row[self.unsafe_indices].sum().item()) for row in probabilities]

    def flagged(self, images: list[Image]) -> list[bool]:
        return [score >= self.threshold for score in self.scores(images)]
