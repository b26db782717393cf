"""Packaging hook (everything else is in pyproject.toml): a wheel carries `prompts/` and
`cypher/` inside the package, as `graphbuilder/_resources/`, because it cannot install folders
beside it; graphbuilder.core.resources finds them in either place."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCE_FOLDERS = ("prompts", "cypher")  # as graphbuilder/core/resources.py


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout
            return
        target = Path(self.build_lib) / "graphbuilder" / "_resources"
        for folder in RESOURCE_FOLDERS:
            shutil.copytree(ROOT / folder, target / folder, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
