"""Documentation as code: docs/ is what `graphbuilder docs` generates, or this test fails."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from graphbuilder.pipeline.processes.builtin import FAMILIES
from graphbuilder.pipeline.processes.docs import generate_docs, stale_docs
from graphbuilder.pipeline.processes.registry import process_dag

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
REGENERATE = "regenerate with `graphbuilder docs --out docs --builtin-only`"


def fresh_docs(folder: Path) -> Path:
    """The docs as `graphbuilder docs --out docs` writes them, into `folder`."""
    generate_docs(folder, {family: process_dag(family) for family in FAMILIES}, links_from=DOCS)
    return folder


def test_the_checked_in_docs_are_up_to_date(tmp_path: Path) -> None:
    stale = stale_docs(fresh_docs(tmp_path / "docs"), DOCS)
    assert stale == [], f"stale docs: {', '.join(stale)} — {REGENERATE}"


def test_a_stale_page_is_caught(tmp_path: Path) -> None:
    expected = fresh_docs(tmp_path / "expected")
    checked_in = tmp_path / "checked_in"
    shutil.copytree(expected, checked_in)
    page = checked_in / "processes" / "recist.md"
    page.write_text(page.read_text().replace("| version | 1 |", "| version | 0 |"))
    (checked_in / "processes" / "retired.md").write_text("# a process that is gone\n")
    (checked_in / "prompts.md").unlink()
    assert stale_docs(expected, checked_in) == [
        "processes/recist.md",
        "processes/retired.md",
        "prompts.md",
    ]


def test_every_process_has_a_page_with_its_version_and_every_link_resolves() -> None:
    dag = process_dag("rules")
    for process in dag.order:
        page = (DOCS / "processes" / f"{process.name}.md").read_text(encoding="utf-8")
        assert f"| version | {process.version} |" in page and process.purpose in page
    for page in DOCS.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8")):
            if not target.startswith(("http:", "https:", "file:")):
                assert (page.parent / target).resolve().exists(), f"{page}: broken link {target}"


def test_docs_written_anywhere_link_to_the_files_they_name(tmp_path: Path) -> None:
    """From an installed wheel, `graphbuilder docs --out /srv/docs` links to its resources."""
    out = tmp_path / "hospital" / "docs"
    generate_docs(out, {"rules": process_dag("rules")})
    targets = [
        (page, target)
        for page in out.rglob("*.md")
        for target in re.findall(r"\]\(([^)#]+)\)", page.read_text(encoding="utf-8"))
    ]
    assert any(target.endswith(".jinja") for _, target in targets)
    for page, target in targets:
        assert (page.parent / target).resolve().exists(), f"{page}: broken link {target}"


def test_the_data_dictionary_names_a_producing_process_for_every_property() -> None:
    dictionary = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    rows = [line for line in dictionary.splitlines() if line.startswith("| `")]
    assert rows and all(not line.rstrip().endswith("|  |") for line in rows)
    assert "| `evolution` | STRING |" in dictionary
    evolution = next(line for line in rows if line.startswith("| `evolution`"))
    assert "[radiology_evolution](processes/radiology_evolution.md)" in evolution
