"""Automatic measures of a drawing: CLIP score (LongCLIP, as the paper), style and emotion by zero-shot CLIP.

- CLIP score: 100 × cosine(image, prompt), clipped at 0, the text read up to the model's length
  (248 tokens for LongCLIP), computed here (torchmetrics' CLIPScore breaks with transformers v5).
- Style: the softmax of the image against "a child's hand drawing"-like prompts versus photo and
  digital-art prompts; the share of the child-drawing prompts is the style probability, and a drawing
  counts as styled at or above `STYLE_THRESHOLD` (0.5). The paper judged style by hand.
- Mood: the softmax of the image against one prompt per label ("a happy, cheerful, bright picture",
  "a sad, gloomy, lonely picture"); aligned when the top mood is the one the trigger asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

# The paper scores with LongCLIP [9]. Its authors publish LongCLIP-L only for their own code
# (BeichenZhang/LongCLIP-L holds longclip-L.pt); zer0int/LongCLIP-L-Diffusers is those weights unchanged,
# converted to transformers' CLIPModel with 248 text positions. The paper does not name the size; L is assumed.
PAPER_JUDGE = "zer0int/LongCLIP-L-Diffusers"
KNOWN_JUDGES = {
    PAPER_JUDGE.lower(): "LongCLIP-L (BeichenZhang/LongCLIP-L) in transformers' format, the paper's judge "
    "(the paper names no size; L is assumed)",
    "zer0int/longclip-gmp-vit-l-14": "a fine-tune of LongCLIP-L (GmP), not the paper's LongCLIP-L",
}
PAPER_CLIP_RANGE = "24.7–26.7"


@dataclass(frozen=True)
class JudgeInfo:
    """Which model scored a report, and whether its CLIP scores sit on the paper's scale."""

    source: str
    about: str
    comparable: bool

    def sentence(self) -> str:
        verdict = (
            f"comparable with the paper's Tables I/II ({PAPER_CLIP_RANGE})"
            if self.comparable
            else f"not comparable with the paper's Tables I/II ({PAPER_CLIP_RANGE}); "
            f"CRAYON_EVAL_CLIP_MODEL={PAPER_JUDGE} is the paper's judge"
        )
        return f"Judge: {self.source} — {self.about}. CLIP scores are {verdict}."


def describe_judge(source: str, *, tiny: bool = False) -> JudgeInfo:
    """Name the judge and say whether its CLIP scores can be set beside the paper's."""
    if tiny:
        return JudgeInfo(source, "a tiny random CLIP built offline (tiny profile)", comparable=False)
    about = KNOWN_JUDGES.get(source.strip().lower(), "not the paper's LongCLIP-L")
    return JudgeInfo(source, about, comparable=source.strip().lower() == PAPER_JUDGE.lower())


STYLE_POSITIVE = ("a child's hand drawing", "a crayon drawing made by a young child")
STYLE_NEGATIVE = ("a photograph", "a digital illustration", "a 3D render", "a professional painting")
STYLE_THRESHOLD = 0.5
MOOD_PROMPTS = {"happiness": "a happy, cheerful, bright picture", "sadness": "a sad, gloomy, lonely picture"}


@dataclass(frozen=True)
class Measures:
    clip_score: float
    style_probability: float
    styled: bool
    mood: str
    mood_probability: float


class Judge:
    """A CLIP model (LongCLIP in the full profile) that scores drawings."""

    def __init__(
        self, model: Any, processor: Any, labels: tuple[str, ...], device: str, *, source: str = "a CLIP model"
    ) -> None:
        self.source = source
        self.model = model.eval().to(device)
        self.processor = processor
        self.labels = labels
        self.device = device
        self.max_tokens = int(model.config.text_config.max_position_embeddings)
        self._style = self._texts([*STYLE_POSITIVE, *STYLE_NEGATIVE])
        self._moods = self._texts([MOOD_PROMPTS.get(label, f"a {label} picture") for label in labels])

    @classmethod
    def from_pretrained(cls, source: str, *, labels: tuple[str, ...], device: str, max_tokens: int = 248) -> Judge:
        """Load a CLIPModel; a LongCLIP checkpoint needs its 248 text positions set before loading."""
        from transformers import CLIPConfig, CLIPModel, CLIPProcessor

        config = CLIPConfig.from_pretrained(source)
        if config.text_config.max_position_embeddings < max_tokens and "longclip" in source.lower():
            config.text_config.max_position_embeddings = max_tokens
        model = CLIPModel.from_pretrained(source, config=config)
        processor = CLIPProcessor.from_pretrained(source)
        processor.tokenizer.model_max_length = config.text_config.max_position_embeddings
        return cls(model, processor, labels, device, source=source)

    def measure(self, image: Image, prompt: str) -> Measures:
        import torch

        image_embedding = self._image(image)
        text_embedding = self._texts([prompt])
        cosine = float((image_embedding @ text_embedding.T).item())
        scale = self.model.logit_scale.exp()
        with torch.inference_mode():
            style = torch.softmax(scale * image_embedding @ self._style.T, dim=-1)[0]
            moods = torch.softmax(scale * image_embedding @ self._moods.T, dim=-1)[0]
        style_probability = float(style[: len(STYLE_POSITIVE)].sum().item())
        top = int(moods.argmax().item())
        return Measures(
            clip_score=100.0 * max(cosine, 0.0),
            style_probability=style_probability,
            styled=style_probability >= STYLE_THRESHOLD,
            mood=self.labels[top],
            mood_probability=float(moods[top].item()),
        )

    def _image(self, image: Image) -> Any:
        import torch

        pixels = self.processor(images=[image.convert("RGB")], return_tensors="pt")["pixel_values"].to(self.device)
        with torch.inference_mode():
            features = self.model.get_image_features(pixel_values=pixels)
        features = getattr(features, "pooler_output", features)
        return torch.nn.functional.normalize(features.float(), dim=-1)

    def _texts(self, texts: list[str]) -> Any:
        import torch

        tokens = self.processor.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_tokens, return_tensors="pt"
        ).to(self.device)
        with torch.inference_mode():
            features = self.model.get_text_features(**tokens)
        features = getattr(features, "pooler_output", features)
        return torch.nn.functional.normalize(features.float(), dim=-1)
