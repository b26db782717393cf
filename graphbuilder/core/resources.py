"""Where the files that live beside the package are: `prompts/` and `cypher/`.

In a source checkout (and an editable install) they are at the project root, beside the
`graphbuilder` package, where the repository keeps them. A wheel cannot install files outside
its packages, so the build copies them into `graphbuilder/_resources/` (see `setup.py`); the
relative paths the processes record ("prompts/pathology/pathology.v1.jinja") resolve the same
against either root, so lineage and cache keys do not depend on how graphbuilder was installed.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
INSTALLED_RESOURCES = "_resources"  # under the package, in a wheel
RESOURCE_FOLDERS = ("prompts", "cypher")


def resource_root() -> Path:
    """The folder holding `prompts/` and `cypher/`: the checkout's root, else the copy a wheel
    installed in the package."""
    checkout = PACKAGE_DIR.parent
    if all((checkout / folder).is_dir() for folder in RESOURCE_FOLDERS):
        return checkout
    return PACKAGE_DIR / INSTALLED_RESOURCES
