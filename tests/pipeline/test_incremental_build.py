"""`build()` through the process DAG: a rebuild computes only what changed.

The bundled examples, with their gold extractions replayed (precomputed), into a real
LadybugDB in a temporary folder.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from graphbuilder.assemble import assemble
from graphbuilder.core.graph_schema import GRAPH_SCHEMA
from graphbuilder.extract.backends.precomputed import PrecomputedBackend
from graphbuilder.extract.run import run_extraction
from graphbuilder.ingest import ingest, read_events
from graphbuilder.pipeline.build import (
    BuildRequest,
    BuildSummary,
    _patient_inputs,
    _report_inputs,
    build,
    derive_patient,
)
from graphbuilder.pipeline.incremental import ProcessBuild, patient_sources
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.extraction import PrecomputedSource
from graphbuilder.pipeline.processes.registry import process_dag
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.sync import sync_patients
from tests.pipeline.examples_copy import add_follow_up_report, copy_examples
from tests.support.store_contents import store_contents

LINEAGE = {"process", "process_version", "process_run", "content_hash"}


def build_examples(examples: Path, out: Path) -> BuildSummary:
    return build(BuildRequest(input=examples, out=out, extractions=examples / "gold.jsonl"))


def processes(summary: BuildSummary) -> dict[str, dict[str, object]]:
    return {tally["process"]: tally for tally in summary.processes}


def patient_hashes(out: Path) -> dict[str, str]:
    with EmbeddedStore(out, read_only=True) as store:
        return store.patient_hashes()


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    return copy_examples(tmp_path)


def test_a_rebuild_with_nothing_new_runs_nothing_and_writes_nothing(
    examples: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = build_examples(examples, out)
    assert first.patients_computed == 5 and first.patients_written == 5
    again = build_examples(examples, out)
    assert again.patients_computed == 0 and again.patients_unchanged == 5
    assert again.nodes_written == 0 and again.relationships_written == 0
    assert all(tally["ran"] == 0 for tally in again.processes)
    # the summary still counts the whole graph, not only what this build touched
    assert again.recist_timepoints == first.recist_timepoints > 0
    assert again.conflicts_open == first.conflicts_open


def extraction_lines(out: Path) -> list[str]:
    return (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()


def test_adding_one_report_recomputes_only_its_patient(examples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_examples(examples, out)
    before, lines_before = patient_hashes(out), extraction_lines(out)
    add_follow_up_report(examples)
    summary = build_examples(examples, out)
    assert summary.patients_computed == 1 and summary.patients_written == 1
    ran = {name: tally["ran"] for name, tally in processes(summary).items()}
    assert ran["radiology_lesions"] == 1 and ran["treatments"] == 1  # the new report only
    assert ran["report_reading"] == 1  # the patient's earlier reports are not read again
    assert ran["assembly"] == ran["recist"] == ran["conflicts"] == ran["curation"] == 1
    assert processes(summary)["assembly"]["reasons"] == {"input": 1}  # it reads the reports
    assert processes(summary)["recist"]["reasons"] == {"upstream": 1}
    after = patient_hashes(out)
    assert {pid for pid in before if before[pid] != after[pid]} == {"P002"}
    with EmbeddedStore(out, read_only=True) as store:
        rows = store.query(
            "MATCH (r:Report)<-[e:EXTRACTED_FROM]-(m:Measurement) WHERE r.report_id = 'P002_R99' "
            "RETURN m.long_axis_mm AS mm, e.quote AS quote"
        )
    assert rows.rows() == [(14.0, "Nodule pulmonaire du lobe supérieur droit de 14 mm, nouveau")]
    with EmbeddedStore(out, read_only=True) as store:  # only the changed rows were rewritten
        patched = store_contents(store)
    assert summary.nodes_written < 40
    build_examples(examples, tmp_path / "fresh")
    with EmbeddedStore(tmp_path / "fresh", read_only=True) as store:
        assert patched == store_contents(store)
    lines = extraction_lines(out)
    assert len(lines) == 49
    [added] = set(lines) - set(lines_before)  # the others are kept as they were
    assert '"report_id":"P002_R99"' in added


def test_a_new_version_re_runs_that_process_and_its_descendants_only(
    examples: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build_examples(examples, out)
    corpus = ingest(examples).corpus
    patients = patient_sources(corpus, read_events(examples / "treatments.csv"))
    source = PrecomputedSource(examples / "gold.jsonl")
    bumped = [
        dataclasses.replace(p, version="2") if p.name == "conflicts" else p
        for p in process_dag("precomputed").order
    ]
    dag = ProcessDag.build(bumped)
    with EmbeddedStore(out) as store:
        result = ProcessBuild(dag, source, out).run(patients, store)
    tallies = {tally.process: tally for tally in result.tallies}
    assert tallies["conflicts"].ran == 5 and tallies["conflicts"].reasons == {"version": 5}
    assert tallies["curation"].ran == 5 and tallies["curation"].reasons == {"upstream": 5}
    untouched = [name for name in tallies if name not in ("conflicts", "curation")]
    assert all(tallies[name].ran == 0 and tallies[name].cached > 0 for name in untouched)


def test_a_patient_gone_from_the_input_is_removed(examples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_examples(examples, out)
    manifest = examples / "manifest.csv"
    rows = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text("".join(row for row in rows if not row.startswith("P005,")))
    summary = build_examples(examples, out)
    assert summary.patients_removed == 1 and summary.patients_computed == 0
    assert set(patient_hashes(out)) == {"P001", "P002", "P003", "P004"}
    lines = (out / "extractions.jsonl").read_text(encoding="utf-8")
    assert '"P005_' not in lines


def test_a_failed_extraction_is_tried_again_by_the_next_build(
    examples: Path, tmp_path: Path
) -> None:
    gold = examples / "gold.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines(keepends=True)
    gold.write_text("".join(line for line in lines if '"P003_R02"' not in line))
    out = tmp_path / "out"
    first = build_examples(examples, out)
    assert first.failures == [
        "report 'P003_R02': no extraction in gold.jsonl (radiology_exam, radiology_lesions, "
        "radiology_evolution, pathology, tnm, treatments, tumours)"
    ]
    again = build_examples(examples, out)
    assert again.patients_computed == 1 and again.extraction_failures == 1
    gold.write_text("".join(lines))
    fixed = build_examples(examples, out)
    assert fixed.patients_computed == 1 and fixed.extraction_failures == 0
    assert any('"report_id":"P003_R02"' in line for line in extraction_lines(out))


def test_a_report_whose_extraction_now_fails_loses_its_line(examples: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_examples(examples, out)
    lines_before = extraction_lines(out)
    gold = examples / "gold.jsonl"
    gold_lines = gold.read_text(encoding="utf-8").splitlines(keepends=True)
    gold.write_text("".join(line for line in gold_lines if '"P003_R02"' not in line))
    again = build_examples(examples, out)
    assert again.patients_computed == 1 and again.extraction_failures == 1
    assert set(lines_before) - set(extraction_lines(out)) == {
        line for line in lines_before if '"report_id":"P003_R02"' in line
    }
    assert len(extraction_lines(out)) == len(lines_before) - 1


def test_the_dag_computes_what_derive_patient_computes(examples: Path, tmp_path: Path) -> None:
    """The same graph as the direct path (one backend run, assemble, derive_patient), lineage
    and run ids aside."""
    build_examples(examples, tmp_path / "dag")
    corpus = ingest(examples).corpus
    run, outcomes = run_extraction(
        PrecomputedBackend(examples / "gold.jsonl"), _report_inputs(corpus)
    )
    inputs = _patient_inputs(corpus, outcomes, run, read_events(examples / "treatments.csv"))
    graphs = [derive_patient(assemble(patient)).graph for patient in inputs]
    with EmbeddedStore(tmp_path / "direct") as store:
        sync_patients(store, graphs, [run.row()])
    assert _dump(tmp_path / "dag") == _dump(tmp_path / "direct")


def _dump(out: Path) -> dict[str, list[str]]:
    dumped = {}
    with EmbeddedStore(out, read_only=True) as store:
        for node in GRAPH_SCHEMA.nodes:
            if node.label == "ExtractionRun":
                continue
            names = [name for name in node.property_names() if name not in LINEAGE]
            columns = ", ".join(f"n.{name} AS {name}" for name in names)
            rows = store.query(f"MATCH (n:{node.label}) RETURN {columns}")
            dumped[node.label] = sorted(json.dumps(row, default=str) for row in rows.rows())
        for rel in GRAPH_SCHEMA.relationships:
            if rel.type != "EXTRACTED_BY":
                count = store.query(f"MATCH ()-[r:{rel.type}]->() RETURN count(r) AS n")
                dumped[rel.type] = [str(count["n"][0])]
    return dumped


def test_reports_moved_in_the_input_keep_their_reading_and_get_their_new_place(
    examples: Path, tmp_path: Path
) -> None:
    """Where a report sits in the input is not part of what it says: its reading is reused,
    but its Report node points to its new line."""
    out = tmp_path / "out"
    build_examples(examples, out)
    manifest = examples / "manifest.csv"
    header, *rows = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    manifest.write_text(header + "".join(reversed(rows)), encoding="utf-8")
    summary = build_examples(examples, out)
    assert processes(summary)["report_reading"]["ran"] == 0
    with EmbeddedStore(out, read_only=True) as store:
        sources = store.query("MATCH (r:Report) RETURN r.report_id AS id, r.source AS source")
    line_of = {row.split(",")[1]: index for index, row in enumerate(reversed(rows), start=2)}
    assert {(i, s.rsplit(":", 1)[1]) for i, s in sources.rows()} == {
        (report_id, str(line)) for report_id, line in line_of.items()
    }
