"""The example plugin (examples/plugins/ecog_status) adds a variable end to end: declared in a
plugins file or an entry point, run where it applies, in the graph with its evidence and
lineage, and in the docs."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from graphbuilder.core.errors import ConfigError
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backends.llm.backend import LLMBackend
from graphbuilder.extract.backends.llm.generation import Completion, GenerationRequest
from graphbuilder.extract.backends.llm.prompts import load_prompt
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.pipeline.build import BuildRequest, build
from graphbuilder.pipeline.processes.cache import OutputCache
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.docs import generate_docs
from graphbuilder.pipeline.processes.extraction import BackendSource
from graphbuilder.pipeline.processes.plugins import load_plugins, read_plugins_file
from graphbuilder.pipeline.processes.registry import plugin_processes, process_dag
from graphbuilder.pipeline.processes.runner import DagRunner, RunContext
from graphbuilder.pipeline.processes.state import PatientSources
from graphbuilder.pipeline.processes.trace import LineageWalker
from graphbuilder.store.embedded import EmbeddedStore
from tests.pipeline.examples_copy import EXAMPLES
from tests.pipeline.toy import report

PLUGINS = EXAMPLES / "plugins"
PLUGINS_FILE = PLUGINS / "graphbuilder.plugins.toml"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, int]]]:
    out = tmp_path_factory.mktemp("plugin")
    summary = build(
        BuildRequest(
            input=EXAMPLES, out=out, extractions=EXAMPLES / "gold.jsonl", plugins=PLUGINS_FILE
        )
    )
    return out, {tally["process"]: tally for tally in summary.processes}


@pytest.mark.parametrize(
    ("text", "score", "quote"),
    [
        ("Examen clinique : OMS 1, poids stable.", 1, "OMS 1"),
        ("État général conservé (OMS 0).", 0, "OMS 0"),
        ("Patient en bon état général, ECOG : 2.", 2, "ECOG : 2"),
        ("OMS 0 au diagnostic. Ce jour, altération de l'état général, PS 3.", 3, "PS 3"),
        ("Adénocarcinome selon la classification OMS 2019.", None, None),
    ],
)
def test_the_rules_read_the_score_and_its_quote(
    text: str, score: int | None, quote: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(PLUGINS))
    rules = importlib.import_module("ecog_status.rules")
    found = rules.find_score(text)
    if score is None:
        assert found is None
        return
    assert found.score.value == score and found.score.evidence.text == quote
    assert text[found.score.evidence.start : found.score.evidence.end] == quote


def test_the_plugins_file_declares_the_process() -> None:
    spec = read_plugins_file(PLUGINS_FILE)
    assert spec.modules == ("ecog_status",) and spec.paths == (PLUGINS,)
    (process,) = load_plugins(spec, entry_points=False)
    assert process.name == "ecog_status" and process.outputs == ("PerformanceStatus",)
    assert process.implementation.prompts and process.implementation.schemas


def test_an_entry_point_registers_it_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dist = tmp_path / "graphbuilder_ecog_status-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: graphbuilder-ecog-status\n")
    (dist / "entry_points.txt").write_text(
        "[graphbuilder.processes]\necog_status = ecog_status:processes\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.syspath_prepend(str(PLUGINS))
    importlib.invalidate_caches()
    assert [p.name for p in load_plugins(None, entry_points=True)] == ["ecog_status"]


def test_a_plugins_file_naming_a_missing_module_says_so(tmp_path: Path) -> None:
    path = tmp_path / "graphbuilder.plugins.toml"
    path.write_text('[plugins]\nmodules = ["no_such_plugin"]\n')
    with pytest.raises(ConfigError, match=r"plugins\.modules: 'no_such_plugin' cannot be imported"):
        plugin_processes(path, entry_points=False)


def test_the_variable_lands_in_the_graph_with_its_evidence(
    built: tuple[Path, dict[str, dict[str, int]]],
) -> None:
    out, tallies = built
    with EmbeddedStore(out, read_only=True) as store:
        rows = store.query(
            "MATCH (p:Patient)-[:HAS_VARIABLE]->(v:VariableValue)-[e:EXTRACTED_FROM]->(r:Report) "
            "RETURN p.id AS patient, v.variable AS variable, v.field AS field, "
            "v.value_number AS score, e.quote AS quote, r.kind AS kind, v.process AS process "
            "ORDER BY patient"
        )
    assert rows.height > 0
    assert set(rows["variable"]) == {"PerformanceStatus"} and set(rows["field"]) == {"score"}
    assert set(rows["kind"]) <= {"consultation", "tumour_board"}
    assert set(rows["process"]) == {"ecog_status"}
    for score, quote in zip(rows["score"], rows["quote"], strict=True):
        assert quote.endswith(str(int(score)))
    # never run on a report that cannot hold the answer
    assert tallies["ecog_status"]["skipped"] == 33 and tallies["ecog_status"]["ran"] == 15


def test_its_lineage_names_the_plugin(built: tuple[Path, dict[str, dict[str, int]]]) -> None:
    out, _ = built
    with EmbeddedStore(out, read_only=True) as store:
        value_id = store.query("MATCH (v:VariableValue) RETURN v.id AS id LIMIT 1")["id"][0]
        root = LineageWalker(store).trace(str(value_id))
    assert [(run["process"], run["version"]) for run in root.runs] == [("ecog_status", "1")]
    (report,) = root.children
    assert report.label == "Report" and report.evidence is not None


def test_the_docs_describe_it(tmp_path: Path) -> None:
    dag = process_dag("rules", plugins=plugin_processes(PLUGINS_FILE, entry_points=False))
    generate_docs(tmp_path, {"rules": dag})
    page = (tmp_path / "processes" / "ecog_status.md").read_text(encoding="utf-8")
    assert "| version | 1 |" in page and "consultation and tumour_board reports" in page
    assert "ecog_status.v1.jinja" in page and "schema.json" in page
    dictionary = (tmp_path / "data-dictionary.md").read_text(encoding="utf-8")
    assert "| PerformanceStatus | `score` | int |" in dictionary
    assert "ecog_status.v1" in (tmp_path / "prompts.md").read_text(encoding="utf-8")


def test_its_schema_is_current_and_its_prompt_examples_hold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.syspath_prepend(str(PLUGINS))
    schema_file = importlib.import_module("ecog_status.schema_file")
    schema = PLUGINS / "ecog_status" / "schema.json"
    assert schema.read_text(encoding="utf-8") == schema_file.render(), (
        "stale: run `python -m ecog_status.schema_file` in examples/plugins"
    )
    prompt = load_prompt("ecog_status", 1, PLUGINS / "ecog_status" / "prompts")
    for example in prompt.examples:
        schema_file.ANSWER.model_validate(example.answer)
        for value in example.answer.values():
            assert value["quote"] in example.text
    assert json.loads(schema.read_text())["title"] == "PerformanceStatusAnswer"


class NoteReader:
    """A fake model runtime: answers each prompt with the "OMS n" its report holds."""

    backend = "scripted"

    def __init__(self) -> None:
        self.requests: list[GenerationRequest] = []

    def identity(self) -> dict[str, Any]:
        return {"versions": {"scripted": "1"}}

    def describe(self) -> dict[str, Any]:
        return self.identity()

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Completion]]:
        for index, request in enumerate(requests):
            self.requests.append(request)
            found = re.search(r"OMS (\d)", request.prompt.report)
            answer = {"score": {"quote": found[0], "value": int(found[1])}} if found else {}
            yield index, Completion(json.dumps(answer), "stop")

    def close(self) -> None:
        pass


def test_with_a_language_model_the_plugin_asks_its_prompt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(PLUGINS))
    spec = read_plugins_file(PLUGINS_FILE)
    (process,) = load_plugins(spec, entry_points=False, family="llm")
    assert process.implementation.kind == "llm"
    reader = NoteReader()
    backend = LLMBackend(LLMSettings(model="fake-model", cache_dir=tmp_path / "llm"), reader)
    note = report("P1", "R1", ReportKind.CONSULTATION, "Consultation.\nExamen : OMS 1, asthénie.")
    scan = report("P1", "R2", ReportKind.RADIOLOGY, "Scanner : OMS 3 (cité par erreur).")
    with OutputCache(tmp_path / "processes.sqlite") as cache:
        runner = DagRunner(ProcessDag.build([process]), RunContext(BackendSource(backend, "llm")),
                           cache)  # fmt: skip
        (run,) = runner.run([PatientSources("P1", (note, scan))])
        assert run.state is not None
        output = run.state.value(("ecog_status", note.unit))
    assert output.score.value == 1 and output.score.evidence.text == "OMS 1"
    (request,) = reader.requests  # the scanner report cannot hold the answer: never asked
    assert request.schema == json.loads((PLUGINS / "ecog_status" / "schema.json").read_text())
    assert request.prompt.report.rstrip().endswith("Réponse :")
    assert "Examen : OMS 1" in request.prompt.report
