"""The fixed validation scenes, drawn with the LoRA as it is during training, into `validation/step-N/`."""

from __future__ import annotations

from typing import Any

from training.config import TrainConfig

VALIDATION_SCENES = {
    "happiness": "a child on a swing in a sunny playground with a friend, bright colours",
    "sadness": "a child looking out of a window on a rainy day, grey and blue colours",
}


def validation_prompts(labels: tuple[str, ...], trigger: str) -> list[tuple[str, str]]:
    """(label, prompt) for each label: the trigger for that emotion, then its scene."""
    scenes = [(label, VALIDATION_SCENES.get(label, f"a child drawing a {label} day")) for label in labels]
    return [(label, f"{trigger.replace('{emotion}', label)}, {scene}") for label, scene in scenes]


def draw_validation(
    pipe: Any,
    transformer: Any,
    encoded: list[tuple[Any, Any]],
    validation: list[tuple[str, str]],
    config: TrainConfig,
    step: int,
) -> None:
    """Draw the fixed validation scenes with the LoRA as it is now, into validation/step-N/."""
    import torch

    folder = config.out / "validation" / f"step-{step:06d}"
    folder.mkdir(parents=True, exist_ok=True)
    device = next(transformer.parameters()).device
    pipe.vae.to(device)
    negative, negative_pooled = encoded[0]
    transformer.eval()
    try:
        with torch.inference_mode():
            for index, ((label, _), (embeds, pooled)) in enumerate(zip(validation, encoded[1:], strict=True)):
                dtype = pipe.vae.dtype
                image = pipe(
                    prompt_embeds=embeds.to(device, dtype),
                    pooled_prompt_embeds=pooled.to(device, dtype),
                    negative_prompt_embeds=negative.to(device, dtype),
                    negative_pooled_prompt_embeds=negative_pooled.to(device, dtype),
                    height=config.resolution,
                    width=config.resolution,
                    num_inference_steps=config.validation_steps,
                    generator=torch.Generator().manual_seed(index),
                ).images[0]
                image.save(folder / f"{index}-{label}.png")
    finally:
        transformer.train()
        pipe.vae.to("cpu")
