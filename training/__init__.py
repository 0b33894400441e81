"""LoRA training on children's drawings and the evaluation harness (coming: see issue 6)."""
