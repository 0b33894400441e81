#!/usr/bin/env bash
# One short run on a lent GPU machine (no network): install what is missing from carried wheels,
# run the test suite on CUDA, draw on the tiny profile, and time the real architectures.
# Usage (device tool, carrying .whl): bash benchmarks/gpu_check.sh
set -uo pipefail
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
OUT=${OUT:-/tmp/crayon-gpu-out}
mkdir -p "$OUT"
if compgen -G ".whl/*.whl" >/dev/null; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl || exit 1
  export PYTHONPATH=/tmp/site:$PWD
fi
python3 -m pip install -q --no-deps --no-build-isolation --no-index -e . >/dev/null 2>&1 || echo "editable install failed; using PYTHONPATH"
export PYTHONPATH=${PYTHONPATH:-$PWD}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader | tee "$OUT/gpu.txt"
python3 -c "import torch, transformers, diffusers, peft; print('torch', torch.__version__, 'transformers', transformers.__version__, 'diffusers', diffusers.__version__, 'peft', peft.__version__)" | tee -a "$OUT/gpu.txt"

echo "== tests on CUDA"
timeout 240 python3 -m pytest -q -x -p no:cacheprovider 2>&1 | tail -15 | tee "$OUT/tests.txt"

echo "== crayon draw, tiny profile on CUDA"
CRAYON_DATA_DIR=/tmp/crayon-data CRAYON_PROFILE=tiny timeout 120 python3 -m bot.cli draw "강아지가 꼬리를 흔들었다" --json --seed 1 2>&1 | tail -3 | tee "$OUT/draw.txt"

echo "== real architectures, random weights"
timeout 420 python3 benchmarks/engine_real_arch.py --runs 3 --out "$OUT/real_arch.json" 2>&1 | tail -60
