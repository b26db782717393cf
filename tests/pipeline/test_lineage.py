"""Lineage: every fact names the processes, versions and runs that made it, and
`graphbuilder lineage` walks from a RECIST timepoint back to the report sentences."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from graphbuilder.cli.main import app
from graphbuilder.core.errors import InputError
from graphbuilder.pipeline.build import BuildRequest, build
from graphbuilder.pipeline.processes.trace import LineageWalker, TraceNode
from graphbuilder.store.embedded import EmbeddedStore
from tests.pipeline.examples_copy import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lineage")
    build(BuildRequest(input=EXAMPLES, out=out, extractions=EXAMPLES / "gold.jsonl"))
    return out


def report_texts() -> dict[str, str]:
    manifest = pl.read_csv(EXAMPLES / "manifest.csv")
    return {
        row["report_id"]: (EXAMPLES / row["file"]).read_text(encoding="utf-8")
        for row in manifest.iter_rows(named=True)
    }


def a_follow_up_timepoint(out: Path) -> str:
    with EmbeddedStore(out, read_only=True) as store:
        rows = store.query(
            "MATCH (t:RecistTimepoint)-[:BASED_ON]->(:Measurement) "
            "WHERE t.kind = 'follow_up' RETURN DISTINCT t.id AS id ORDER BY id LIMIT 1"
        )
    return str(rows["id"][0])


def walk(node: TraceNode) -> list[TraceNode]:
    return [node, *(found for child in node.children for found in walk(child))]


def test_every_fact_records_its_processes_versions_and_runs(built: Path) -> None:
    with EmbeddedStore(built, read_only=True) as store:
        measurements = store.query(
            "MATCH (m:Measurement) RETURN m.process AS process, m.process_version AS version, "
            "m.process_run AS run"
        )
        runs = set(store.query("MATCH (r:ExtractionRun) RETURN r.id AS id")["id"].to_list())
        timepoint = store.query("MATCH (t:RecistTimepoint) RETURN t.process AS p LIMIT 1")
    assert measurements.height > 0
    for process, version, run in measurements.rows():
        names = process.split(",")
        assert "radiology_lesions" in names and "assembly" in names
        assert len(version.split(",")) == len(names) == len(run.split(","))
        assert set(run.split(",")) <= runs  # each run is an ExtractionRun node of the graph
    assert timepoint["p"][0] == "recist"


def test_a_recist_timepoint_leads_back_to_the_report_sentences(built: Path) -> None:
    with EmbeddedStore(built, read_only=True) as store:
        root = LineageWalker(store).trace(a_follow_up_timepoint(built))
    assert root.label == "RecistTimepoint"
    assert [(run["process"], run["version"], run["implementation"]) for run in root.runs] == [
        ("recist", "1", "computation")
    ]
    measurements = [child for child in root.children if child.label == "Measurement"]
    assert measurements and all(child.via.startswith("BASED_ON") for child in measurements)
    texts = report_texts()
    sentences = [
        node
        for measurement in measurements
        for node in walk(measurement)
        if node.label == "Report" and node.evidence is not None
    ]
    assert len(sentences) >= len(measurements)
    for report in sentences:
        text = texts[report.properties["report_id"]]
        evidence = report.evidence
        assert evidence is not None
        assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert any(run["process"] == "radiology_lesions" for run in measurements[0].runs)


def test_a_conflict_leads_to_the_facts_it_involves(built: Path) -> None:
    with EmbeddedStore(built, read_only=True) as store:
        conflict_id = store.query("MATCH (c:Conflict) RETURN c.id AS id ORDER BY id LIMIT 1")
        root = LineageWalker(store).trace(str(conflict_id["id"][0]))
    assert root.label == "Conflict" and root.children
    assert all(child.via.startswith("INVOLVES") for child in root.children)
    assert {run["process"] for run in root.runs} == {"conflicts", "curation"}


def test_an_unknown_id_says_where_ids_come_from(built: Path) -> None:
    with EmbeddedStore(built, read_only=True) as store, pytest.raises(InputError, match="no node"):
        LineageWalker(store).trace("timepoint:nope")


def test_the_lineage_command_prints_the_chain(built: Path) -> None:
    result = runner.invoke(app, ["lineage", str(built), a_follow_up_timepoint(built)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("RecistTimepoint ")
    assert (
        "made by recist@1" in result.stdout and "BASED_ON (target) → Measurement" in result.stdout
    )
    assert "EXTRACTED_FROM → Report" in result.stdout and "evidence: characters" in result.stdout
    as_json = runner.invoke(
        app, ["lineage", str(built), a_follow_up_timepoint(built), "-f", "json"]
    )
    assert as_json.exit_code == 0 and '"label": "RecistTimepoint"' in as_json.stdout
