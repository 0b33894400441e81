"""ML inference: prompt writer (Qwen3), painter (SD3.5 + LoRA), profiles and the engine worker.

Nothing heavy is imported here: torch, transformers and diffusers load inside the calls that need them.
"""
