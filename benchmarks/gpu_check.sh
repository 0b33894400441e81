#!/usr/bin/env bash
# One short run on a lent GPU machine (no network): install what is missing from carried wheels, then
# collect GPU figures. Two parts, each under 8 minutes:
#   speed  the speed targets: LLM decode tokens/s eager and compiled at batch 1 and 8, the compiled SD3
#          transformer, one diary end to end and the queue at CRAYON_BATCH_SIZE=8 (compile on), the 24 GB
#          preset end to end, a 20-second voice diary heard by Whisper turbo's architecture;
#   train  LoRA training throughput and `crayon train` itself on CUDA (tiny models, a few steps);
#   all    both.
# Usage (device tool, carrying .whl): bash benchmarks/gpu_check.sh [speed|train|all]   (default speed)
set -uo pipefail
MODE=${1:-speed}
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
OUT=${OUT:-/tmp/crayon-gpu-out}
mkdir -p "$OUT"
if compgen -G ".whl/*.whl" >/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
fi
# bitsandbytes travels unpacked (its CUDA 13 library only: the wheel is too big to carry whole).
export PYTHONPATH=/tmp/site:$PWD/.whl/unpacked:$PWD
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
python3 -c "import torch, transformers, diffusers, peft; print('torch', torch.__version__, 'transformers', transformers.__version__, 'diffusers', diffusers.__version__, 'peft', peft.__version__)" | tee -a "$OUT/gpu.txt"
python3 -c "import bitsandbytes; print('bitsandbytes', bitsandbytes.__version__)" 2>&1 | tail -1 | tee -a "$OUT/gpu.txt"

# Each check's standard output in $OUT/NAME.json; the end of every standard error in one $OUT/stderr.txt
# (what comes back from the machine is a few files only).
run() {
  name=$1; shift; echo "== $name"
  timeout "${LIMIT:-150}" "$@" > "$OUT/$name.json" 2> "$OUT/$name.err"; echo "exit $?"
  tail -c 1500 "$OUT/$name.json"; tail -3 "$OUT/$name.err"
  { echo "== $name"; tail -40 "$OUT/$name.err"; } >> "$OUT/stderr.txt"; rm -f "$OUT/$name.err"
}

if [ "$MODE" = speed ] || [ "$MODE" = all ]; then
  # Decode eager vs compiled (static cache + CUDA graphs), diffusion batches, the compiled transformer.
  LIMIT=200 run engine python3 -m benchmarks.engine_real_arch --runs 2 --tokens 110 --batches 1 8 \
    --llm-batches 1 8 --compile --compile-painter
  # The bot's own path with every lever on: one diary end to end (stages), a batch of 8, the queue.
  CRAYON_COMPILE=on CRAYON_BATCH_SIZE=8 LIMIT=200 run bench \
    python3 -m bot.cli bench --arch real --n 3 --tokens 110 --concurrency 8 --json
  LIMIT=80 run preset python3 -m benchmarks.preset_24gb --runs 1 --tokens 110
  # A 20-second voice diary heard by whisper-large-v3-turbo's architecture (needs the soundfile wheel carried).
  LIMIT=90 run speech python3 -m benchmarks.speech --arch real --seconds 20 --runs 3 --tokens 64
fi
[ "$MODE" = train ] || [ "$MODE" = all ] || exit 0
LIMIT=120 run train python3 -m benchmarks.train_throughput --arch real --batch 1 4 --steps 5

# `crayon train` on CUDA: the pipeline loads on the CPU, so this is where a text encoder, the VAE or a
# tensor left behind shows. Tiny models (built offline), a few steps, validation drawings, a resume.
drawings=/tmp/crayon-gpu-drawings
python3 - "$drawings" <<'PY'
import json, sys
from pathlib import Path
from PIL import Image, ImageDraw

folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
rows = []
for index, emotion in enumerate(["happiness", "sadness", "happiness", "sadness", "happiness"]):
    image = Image.new("RGB", (160 + 16 * index, 128), "white")
    ImageDraw.Draw(image).ellipse((20, 20, 100, 100), fill=(250, 200, 40) if emotion == "happiness" else (60, 90, 200))
    image.save(folder / f"{index}.png")
    rows.append({"file_name": f"{index}.png", "emotion": emotion, "text": f"drawing {index}"})
(folder / "metadata.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
PY
export CRAYON_PROFILE=tiny CRAYON_MODELS_DIR=/tmp/crayon-gpu-models CRAYON_DATA_DIR=/tmp/crayon-gpu-data
export CRAYON_NUM_INFERENCE_STEPS=4
lora=/tmp/crayon-gpu-lora
rm -rf "$lora"
train=(python3 -m bot.cli train --data "$drawings" --strategy emotion-text --out "$lora" --resolution 128
  --validate-every 4 --checkpoint-every 4)
{
  echo "== crayon train (tiny, CUDA)"; timeout 120 "${train[@]}" --steps 4; echo "exit $?"
  echo "== crayon train --resume"; timeout 120 "${train[@]}" --steps 8 --resume; echo "exit $?"
  ls "$lora" "$lora/validation"
  echo "== training tests on CUDA"
  timeout 180 python3 -m pytest -q -p no:cacheprovider tests/training/test_device_placement.py \
    tests/training/test_lora_format.py tests/training/test_loss.py tests/training/test_sampling.py 2>&1 | tail -15
} > "$OUT/train-cli.txt" 2>&1
tail -30 "$OUT/train-cli.txt"
