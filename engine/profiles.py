"""Which models to load, where from, on what device, and how to fit them in the card's memory."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from engine.settings import EngineSettings

logger = logging.getLogger(__name__)

GIB = 1024**3
DOWNLOAD_COMMAND = "crayon models download"
# Everything resident in bf16 peaks at 31.6 GiB at 512 px (measured, docs/PERFORMANCE.md): an A100 40GB
# (39.4 GiB) and larger cards keep it all.
RESIDENT_MIN_GIB = 36
# Qwen3-8B in 4 bit (~6 GiB) + SD3.5 Medium with T5 in 8 bit (~11.5 GiB) + activations fit a 24 GB card.
NO_OFFLOAD_MIN_GIB = 20


@dataclass(frozen=True)
class MemoryPlan:
    """How the full models are held: LLM quantization, the T5 encoder, CPU offloading."""

    llm_quantization: Literal["none", "8bit", "4bit"]
    t5: Literal["on", "off", "8bit"]
    cpu_offload: Literal["none", "model", "sequential"]

    @property
    def use_t5(self) -> bool:
        return self.t5 != "off"


# The named presets (CRAYON_PRESET); `auto` picks one by the card's memory.
PRESETS = {
    # Everything in bf16 on the GPU: the fastest; 31.6 GiB peak at 512 px (docs/PERFORMANCE.md).
    "resident": MemoryPlan(llm_quantization="none", t5="on", cpu_offload="none"),
    # A 24 GB card: Qwen3-8B in 4-bit NF4 and T5 in 8-bit keep the whole pipeline under 20 GB.
    "24gb": MemoryPlan(llm_quantization="4bit", t5="8bit", cpu_offload="none"),
    # Smaller cards: no T5, and each model moves to the GPU only while it runs.
    "low-memory": MemoryPlan(llm_quantization="4bit", t5="off", cpu_offload="model"),
}
CPU_PLAN = MemoryPlan(llm_quantization="none", t5="off", cpu_offload="none")


@dataclass(frozen=True)
class ResolvedProfile:
    """The profile in effect and where each model comes from."""

    name: Literal["full", "tiny"]
    llm_source: str
    diffusion_source: str
    device: str
    dtype: str
    memory: MemoryPlan
    notice: str | None = None
    image_safety_source: str | None = None
    """Where the image safety classifier comes from when the profile brings its own (tiny)."""
    compile: bool = False
    """Compile the LLM's decode step and the diffusion transformer (`CRAYON_COMPILE`)."""

    @property
    def preview(self) -> bool:
        """Tiny-profile drawings come from random weights: previews, not real drawings."""
        return self.name == "tiny"


def plan_memory(settings: EngineSettings, gpu_memory_bytes: int | None) -> MemoryPlan:
    """The preset (by the card's memory for `auto`), with any setting given explicitly taking precedence."""
    if settings.preset != "auto":
        plan = PRESETS[settings.preset]
    elif gpu_memory_bytes is None:
        plan = CPU_PLAN
    elif gpu_memory_bytes / GIB >= RESIDENT_MIN_GIB:
        plan = PRESETS["resident"]
    elif gpu_memory_bytes / GIB >= NO_OFFLOAD_MIN_GIB:
        plan = PRESETS["24gb"]
    else:
        plan = PRESETS["low-memory"]
    return MemoryPlan(
        llm_quantization=plan.llm_quantization if settings.llm_quantization == "auto" else settings.llm_quantization,
        t5=plan.t5 if settings.t5 == "auto" else settings.t5,
        cpu_offload=plan.cpu_offload if settings.cpu_offload == "auto" else settings.cpu_offload,
    )


def auto_dtype(compute_capability: tuple[int, int] | None) -> str:
    """float32 on the CPU; bfloat16 on cards that compute in it (Ampere, compute capability 8.0, and newer);
    float16 on older ones (Turing, Volta, Pascal), which only emulate bfloat16, slowly.

    T5 does not overflow in float16: transformers keeps its `wo` projections in float32 when loading in
    float16 (`T5EncoderModel._keep_in_fp32_modules`), which is what those layers need.
    """
    if compute_capability is None:
        return "float32"
    return "bfloat16" if compute_capability >= (8, 0) else "float16"


def weights_present(source: str, marker: str) -> bool:
    """True when `source` is a local folder or a hub id whose `marker` file is in the local cache."""
    if Path(source).is_dir():
        return (Path(source) / marker).is_file()
    from huggingface_hub import try_to_load_from_cache

    found = try_to_load_from_cache(source, marker)
    return isinstance(found, str)


def resolve_profile(settings: EngineSettings) -> ResolvedProfile:
    """Decide full or tiny (for `auto`), the device and dtype, and build the tiny models when needed."""
    import torch

    device, dtype = _device_and_dtype(settings)
    name, notice = _profile_name(settings, device)
    if name == "tiny":
        return _tiny_profile(settings, device, dtype, notice)

    gpu_memory = None
    if device.startswith("cuda"):
        gpu_memory = torch.cuda.get_device_properties(torch.device(device)).total_memory
    return ResolvedProfile(
        name="full",
        llm_source=settings.llm_model,
        diffusion_source=settings.diffusion_model,
        device=device,
        dtype=dtype,
        memory=plan_memory(settings, gpu_memory),
        notice=notice,
        compile=compile_for(settings),
    )


def compile_for(settings: EngineSettings) -> bool:
    """`CRAYON_COMPILE`: on compiles (CUDA or not), off and auto do not.

    `auto` is the eager path, the one measured on a GPU: the compiled one has not been timed there yet (see
    docs/PERFORMANCE.md), so users get it only by asking."""
    return settings.compile == "on"


def _device_and_dtype(settings: EngineSettings) -> tuple[str, str]:
    """The device and dtype as set, `auto` read off the machine: CUDA when there is a GPU, its best dtype."""
    import torch

    device = settings.device
    if device == "auto":
        device = "cuda" if torch.cuda.is_available() else "cpu"
    dtype: str = settings.dtype
    if dtype == "auto":
        capability = torch.cuda.get_device_capability(torch.device(device)) if device.startswith("cuda") else None
        dtype = auto_dtype(capability)
    return device, dtype


def _profile_name(settings: EngineSettings, device: str) -> tuple[Literal["full", "tiny"], str | None]:
    """The profile as set, or for `auto` full when a GPU and the weights are there; the notice says why not."""
    if settings.profile != "auto":
        return settings.profile, None
    if not device.startswith("cuda"):
        reason = "no CUDA GPU found"
    elif not (
        weights_present(settings.llm_model, "config.json")
        and weights_present(settings.diffusion_model, "model_index.json")
    ):
        reason = (
            f"the weights of {settings.llm_model} or {settings.diffusion_model} are not downloaded "
            f"(`{DOWNLOAD_COMMAND}` fetches them)"
        )
    else:
        return "full", None
    notice = (
        f"CRAYON_PROFILE=auto: {reason}, so the tiny offline profile is used. Its drawings are previews "
        "made by tiny random models (noise, not real drawings, and a mood not read from the diary). "
        "Set CRAYON_PROFILE=full for the real models."
    )
    return "tiny", notice


def _tiny_profile(settings: EngineSettings, device: str, dtype: str, notice: str | None) -> ResolvedProfile:
    """The tiny offline models, built on first use."""
    from engine.tiny import ensure_tiny_models

    folder = ensure_tiny_models(settings.tiny_models_dir)
    # The tiny models have no T5 and need no quantization or offloading.
    memory = MemoryPlan(llm_quantization="none", t5="off", cpu_offload="none")
    return ResolvedProfile(
        name="tiny",
        llm_source=str(folder / "llm"),
        diffusion_source=str(folder / "sd3"),
        device=device,
        dtype=dtype,
        memory=memory,
        notice=notice,
        image_safety_source=str(folder / "safety"),
        compile=compile_for(settings),
    )


def configure_threads(settings: EngineSettings, profile: ResolvedProfile, *, serving: bool) -> int:
    """Set torch's CPU threads: the setting, else all cores, or all but one while serving on the CPU."""
    import os

    import torch

    threads = settings.torch_threads
    if threads == 0:
        cores = os.cpu_count() or 1
        on_cpu = not profile.device.startswith("cuda")
        threads = max(1, cores - 1) if serving and on_cpu else cores
    torch.set_num_threads(threads)
    return threads


def free_device_memory() -> None:
    """Collect garbage and hand cached GPU memory back to the card (after a model leaves it, or runs out)."""
    import gc

    import torch

    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()
