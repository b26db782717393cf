"""The runner: dependency order, processes skipped where they do not apply, incremental runs.

The toy DAG (tests/pipeline/toy.py) counts the units each implementation is called on, so the
tests assert exactly what re-runs: one new report re-runs its patient only; a new version of
one process re-runs it and its descendants only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.pipeline.processes.cache import OutputCache
from graphbuilder.pipeline.processes.dag import ProcessDag
from graphbuilder.pipeline.processes.model import Process
from graphbuilder.pipeline.processes.runner import DagRunner, RunContext
from graphbuilder.pipeline.processes.state import PatientSources
from tests.pipeline import toy
from tests.pipeline.toy import patient, report

RADIOLOGY, CONSULTATION = ReportKind.RADIOLOGY, ReportKind.CONSULTATION


def corpus() -> list[PatientSources]:
    return [
        patient(
            "P1",
            report("P1", "R1", RADIOLOGY, "Bilan initial : lésion hépatique de 30 mm."),
            report("P1", "R2", RADIOLOGY, "Scanner de suivi : lésion de 40 mm."),
            report("P1", "R3", CONSULTATION, "Consultation de suivi, 12 mm au scanner."),
        ),
        patient("P2", report("P2", "R1", RADIOLOGY, "Scanner de suivi : 20 mm.")),
        patient("P3", report("P3", "R1", RADIOLOGY, "Scanner de suivi : 70 mm.")),
    ]


@pytest.fixture(autouse=True)
def _reset_counts() -> Iterator[None]:
    toy.CALLS.clear()
    toy.ORDER.clear()
    yield


def build(
    processes: Sequence[Process], patients: Sequence[PatientSources], folder: Path
) -> tuple[DagRunner, dict[str, object]]:
    """Run the DAG as a build does; returns the runner and each computed patient's flag."""
    dag = ProcessDag.build(processes, toy.FACTS, frozenset({"Report"}))
    flags: dict[str, object] = {}
    with OutputCache(folder / "processes.sqlite") as cache:
        runner = DagRunner(dag, RunContext(), cache)
        for run in runner.run(patients):
            if run.changed:
                assert run.state is not None
                flags[run.patient_id] = run.state.value(("flag", run.patient_id))
                runner.save_record(run.patient_id, runner.draft_record(run, {}))
    return runner, flags


def test_processes_run_in_dependency_order_and_only_where_they_apply(tmp_path: Path) -> None:
    runner, flags = build(toy.processes(), corpus(), tmp_path)
    assert toy.ORDER == ["classify", "measure", "total", "flag"]
    # measure: radiology reports classified as follow-ups only (not P1's baseline, not a note)
    assert toy.CALLS == {"classify": 5, "measure": 3, "total": 3, "flag": 3}
    assert runner.tallies["measure"].skipped == 2
    assert flags == {"P1": False, "P2": False, "P3": True}


def test_a_second_build_runs_nothing(tmp_path: Path) -> None:
    build(toy.processes(), corpus(), tmp_path)
    toy.CALLS.clear()
    runner, flags = build(toy.processes(), corpus(), tmp_path)
    assert toy.CALLS == {} and flags == {}
    assert runner.tallies["classify"].cached == 5 and runner.tallies["flag"].cached == 3


def test_adding_one_report_re_runs_only_that_patients_processes(tmp_path: Path) -> None:
    build(toy.processes(), corpus(), tmp_path)
    toy.CALLS.clear()
    patients = corpus()
    p2 = patients[1]
    patients[1] = patient(
        "P2", *p2.reports, report("P2", "R2", RADIOLOGY, "Scanner de suivi : 45 mm.")
    )
    runner, flags = build(toy.processes(), patients, tmp_path)
    assert toy.CALLS == {"classify": 1, "measure": 1, "total": 1, "flag": 1}
    assert flags == {"P2": True}  # 20 + 45 mm
    assert runner.tallies["total"].reasons == {"upstream": 1}


def test_a_new_version_re_runs_the_process_and_its_descendants_only(tmp_path: Path) -> None:
    build(toy.processes(), corpus(), tmp_path)
    toy.CALLS.clear()
    runner, _ = build(toy.processes(total_version="2"), corpus(), tmp_path)
    assert toy.CALLS == {"total": 3, "flag": 3}
    assert runner.tallies["total"].reasons == {"version": 3}
    assert runner.tallies["flag"].reasons == {"upstream": 3}
    assert runner.tallies["classify"].cached == 5 and runner.tallies["measure"].cached == 3


def test_changed_parameters_re_run_that_process(tmp_path: Path) -> None:
    build(toy.processes(), corpus(), tmp_path)
    toy.CALLS.clear()
    runner, flags = build(toy.processes(threshold_mm=10), corpus(), tmp_path)
    assert toy.CALLS == {"flag": 3}
    assert runner.tallies["flag"].reasons == {"parameters": 3}
    assert flags == {"P1": True, "P2": True, "P3": True}


def test_a_plan_says_what_would_run_and_why_without_running(tmp_path: Path) -> None:
    build(toy.processes(), corpus(), tmp_path)
    toy.CALLS.clear()
    dag = ProcessDag.build(toy.processes(total_version="2"), toy.FACTS, frozenset({"Report"}))
    patients = corpus()
    patients[2] = patient("P3", *patients[2].reports, report("P3", "R2", RADIOLOGY, "Suivi : 5 mm"))
    with OutputCache(tmp_path / "processes.sqlite", read_only=True) as cache:
        runner = DagRunner(dag, RunContext(), cache, dry_run=True)
        assert all(run.changed for run in runner.run(patients))
    tallies = {name: tally.as_dict() for name, tally in runner.tallies.items()}
    assert toy.CALLS == {}
    assert tallies["classify"]["ran"] == 1 and tallies["classify"]["reasons"] == {"new": 1}
    # whether `measure` applies to the new report depends on `classify`, which has not run
    assert tallies["measure"]["pending"] == 1 and tallies["measure"]["ran"] == 0
    assert tallies["total"]["reasons"] == {"version": 3}  # the first reason of each counts
    assert tallies["flag"]["ran"] == 3
