#!/usr/bin/env bash
# One short run on a lent GPU machine (no network): install what is missing from carried wheels, then
# collect every GPU figure: the real-architecture engine (stages, batching), crayon bench, the 24 GB
# preset, and LoRA training throughput. Usage (device tool, carrying .whl): bash benchmarks/gpu_check.sh
set -uo pipefail
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

run() { name=$1; shift; echo "== $name"; timeout "${LIMIT:-150}" "$@" > "$OUT/$name.json" 2> "$OUT/$name.err"; echo "exit $?"; tail -c 1500 "$OUT/$name.json"; tail -3 "$OUT/$name.err"; }

LIMIT=150 run engine python3 -m benchmarks.engine_real_arch --runs 2 --tokens 110 --batches 1 4 8
LIMIT=120 run bench python3 -m bot.cli bench --arch real --n 2 --tokens 110 --json
LIMIT=150 run preset python3 -m benchmarks.preset_24gb --runs 1 --tokens 110
LIMIT=120 run train python3 -m benchmarks.train_throughput --arch real --batch 1 4 --steps 5
