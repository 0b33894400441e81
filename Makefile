# The two entry points for a fresh machine (see README.md): `make draw` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Machines without an NVIDIA GPU get this CPU build of PyTorch first (it lies on disk here; elsewhere add
# TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"). GPU machines resolve torch from
# pyproject's range and also get the `gpu` extra (bitsandbytes for the 4-bit LLM).
CPU_TORCH ?= torch==2.13.0
TORCH_PIP_ARGS ?=
DIARY ?= 오늘 학교 끝나고 친구랑 놀이터에서 그네를 탔다. 하늘까지 날아가는 것 같았다.

.PHONY: draw test setup setup-dev lint

draw: setup
	$(BIN)/crayon draw "$(DIARY)"

# Two worker processes, each file's tests in one of them (a file's cluster or server is started once).
TEST_WORKERS ?= 2

test: setup-dev lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

setup: $(VENV)/.installed-base
setup-dev: $(VENV)/.installed-dev

$(VENV)/.installed-%: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "crayon-diary needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@set -e; extras=""; \
	if [ "$*" = dev ]; then extras="dev"; fi; \
	if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then \
		extras="$${extras:+$$extras,}gpu"; \
	elif ! $(BIN)/python -c 'import torch' >/dev/null 2>&1; then \
		echo "No NVIDIA GPU: installing the CPU build of PyTorch ($(CPU_TORCH))"; \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check $(TORCH_PIP_ARGS) "$(CPU_TORCH)"; \
	fi; \
	spec="."; if [ -n "$$extras" ]; then spec=".[$$extras]"; fi; \
	echo "Installing crayon-diary ($$spec) into $(VENV)"; \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e "$$spec"
	@touch $@
