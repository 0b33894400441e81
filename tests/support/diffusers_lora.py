"""A LoRA folder as diffusers' own DreamBooth script (train_dreambooth_lora_sd3.py) leaves it: no style.json."""

from __future__ import annotations

from pathlib import Path

from diffusers.utils.hub_utils import MODEL_CARD_TEMPLATE_PATH, populate_model_card
from huggingface_hub import ModelCard, ModelCardData

from tests.support.lora import make_lora


def write_model_card(folder: Path, instance_prompt: str) -> Path:
    """The README.md the script writes: its own card data and template, the trigger as `instance_prompt`."""
    card = ModelCard.from_template(
        card_data=ModelCardData(
            license="openrail++",
            library_name="diffusers",
            base_model="stabilityai/stable-diffusion-3.5-medium",
            instance_prompt=instance_prompt,
            widget=[],
        ),
        template_path=MODEL_CARD_TEMPLATE_PATH,
        model_description=f"# SD3 DreamBooth LoRA\n\nYou should use {instance_prompt} to trigger the image generation.",
    )
    populate_model_card(card, tags=["text-to-image", "diffusers-training", "diffusers", "sd3", "template:sd-lora"])
    folder.mkdir(parents=True, exist_ok=True)
    card.save(folder / "README.md")
    return folder


def make_script_lora(sd3_folder: Path, out: Path, instance_prompt: str) -> Path:
    """`pytorch_lora_weights.safetensors` in diffusers' format plus the script's model card."""
    make_lora(sd3_folder, out)
    return write_model_card(out, instance_prompt)
