"""A wheel built from the checkout works on its own: it carries `prompts/` and `cypher/`, which
live beside the package in the repository (see graphbuilder/core/resources.py and setup.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graphbuilder.core.resources import PACKAGE_DIR, RESOURCE_FOLDERS, resource_root

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "README.md", "graphbuilder", *RESOURCE_FOLDERS)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of a copy of the sources (pip builds in place: the checkout stays clean)."""
    work = tmp_path_factory.mktemp("wheel")
    (work / "src").mkdir()
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, work / "src" / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, work / "src" / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(work / "dist"), "."],
        cwd=work / "src",
        check=True,
    )
    [built] = (work / "dist").glob("graphbuilder-*.whl")
    return built


def test_the_checkout_reads_its_own_prompts_and_queries() -> None:
    assert resource_root() == PACKAGE_DIR.parent == ROOT


def test_the_wheel_carries_every_prompt_and_named_query(wheel: Path) -> None:
    expected = {
        f"graphbuilder/_resources/{path.relative_to(ROOT).as_posix()}"
        for folder in RESOURCE_FOLDERS
        for path in (ROOT / folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert any(name.endswith(".jinja") for name in expected)
    assert any(name.endswith(".cypher") for name in expected)
    with zipfile.ZipFile(wheel) as archive:
        assert expected <= set(archive.namelist())


def test_installed_from_the_wheel_it_finds_its_queries_and_prompts(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet", "install",
         "--no-deps", "--target", str(target), str(wheel)],
        check=True,
    )  # fmt: skip
    probe = (
        "import graphbuilder\n"
        "from graphbuilder.extract.backends.llm.prompts import default_prompts_dir\n"
        "from graphbuilder.store.queries import load_library\n"
        "print(graphbuilder.__file__)\n"
        "print(len(load_library()))\n"
        "print(len(list(default_prompts_dir().glob('*/*.jinja'))))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(target)}  # before the editable checkout
    shown = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert Path(shown[0]).is_relative_to(target)
    assert int(shown[1]) == len([*(ROOT / "cypher" / "queries").glob("*.cypher")]) - len(
        [*(ROOT / "cypher" / "queries").glob("*.*.cypher")]
    )
    assert int(shown[2]) == len([*(ROOT / "prompts").glob("*/*.jinja")]) > 0
