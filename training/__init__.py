"""LoRA training on children's drawings, and the evaluation of what it draws."""
