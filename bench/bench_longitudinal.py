"""Benchmark the longitudinal passes: assembly, RECIST per line and the contradiction rules.

    .venv/bin/python bench/bench_longitudinal.py [--patients 10000] [--seed 7]
        [--contradiction-rate 0.05] [--corpus DIR] [--keep DIR]

Generates a synthetic corpus with graphbuilder.synth (or reads one already generated with
--corpus: corpus.jsonl, gold.jsonl, treatments.csv, truth.jsonl), loads the gold extractions as
precomputed extractions (timed apart: pydantic validation is the extract stage's cost), then,
on one core, assembles every patient and derives it (lesion linking, treatment lines, RECIST
1.1 per line, contradiction rules, curation rows with an empty log), keeping every patient's
graph as a build does. Prints patients/s, reports/s, the peak memory of that pass
(tracemalloc, a second pass) and the process's peak RSS, what was derived, and how many of the
contradictions the generator injected were found (per type, by the rules meant for them), and
how often the RECIST response computed per exam equals the one the simulator knows.
Rates are given by wall time and by CPU time (the latter is what a shared machine does not
distort); a pure-Python calibration loop is timed too, to compare machines.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import polars as pl

from graphbuilder.assemble import PatientInput, ReportRecord, assemble
from graphbuilder.core.ids import text_sha256
from graphbuilder.core.memory import (
    collections_between_batches,
    fewer_cycle_collections,
    freeze_built,
)
from graphbuilder.extract.model import ReportExtraction
from graphbuilder.pipeline.build import DerivedPatient, derive_patient
from graphbuilder.synth import SynthConfig, generate

# Which rules are meant to find each contradiction type the generator injects.
RULES_FOR = {
    "stated_evolution_vs_sizes": {"stated-vs-computed"},
    "wrong_quoted_previous_size": {"quoted-previous-size"},
    "receptor_or_her2_flip": {"receptor-flip", "receptor-discordance"},
    "laterality_flip": {"laterality-conflict"},
    "treatment_ongoing_after_end": {"ongoing-after-end"},
    "duplicate_report_id": {"duplicate-report-id"},
    "unit_slip": {"size-unit-slip", "implausible-size", "quoted-previous-size"},
}


def load_patients(folder: Path) -> list[PatientInput]:
    """corpus.jsonl + gold.jsonl (in the same order, duplicates included) + treatments.csv."""
    gold: dict[str, list[ReportExtraction]] = collections.defaultdict(list)
    with (folder / "gold.jsonl").open("rb") as gold_lines:
        for raw in gold_lines:
            parsed = ReportExtraction.model_validate_json(raw)
            gold[parsed.report_id].append(parsed)
    reports: dict[str, list[ReportRecord]] = collections.defaultdict(list)
    with (folder / "corpus.jsonl").open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            row = json.loads(line)
            queue = gold.get(row["report_id"])
            extraction = queue.pop(0) if queue else None
            reports[row["patient_id"]].append(
                ReportRecord(
                    report_id=row["report_id"],
                    date=dt.date.fromisoformat(row["date"]),
                    kind=row["kind"],
                    text=row["text"],
                    sha256=text_sha256(row["text"]),
                    source=f"corpus.jsonl:{number}",
                    extraction=extraction,
                    run_id="run:bench" if extraction else None,
                )
            )
    events: dict[str, list[dict[str, object]]] = collections.defaultdict(list)
    table = pl.read_csv(folder / "treatments.csv", try_parse_dates=True, infer_schema_length=None)
    for event in table.iter_rows(named=True):
        events[event["patient_id"]].append(event)
    return [PatientInput(p, reports[p], events.get(p, [])) for p in sorted(reports)]


def derive_all(patients: list[PatientInput]) -> list[DerivedPatient]:
    return [derive_patient(assemble(patient)) for patient in patients]


def calibration() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def detection(folder: Path, patients: list[PatientInput], derived: list[DerivedPatient]) -> None:
    """Per injected contradiction type: how many the intended rules found in its reports."""
    truth_path = folder / "truth.jsonl"
    if not truth_path.exists():
        return
    found: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for patient, result in zip(patients, derived, strict=True):
        reports = _fact_reports(result)
        for review in result.review.conflicts:
            conflict = review.conflict
            for involved in conflict.involves:
                for report_id in reports.get(involved.node_id, ()):
                    found[(patient.patient_id, conflict.rule)].add(report_id)
    computed = {
        (patient.patient_id, str(timepoint["date"])): timepoint["overall_response"]
        for patient, result in zip(patients, derived, strict=True)
        for timepoint in _follow_ups(result)
    }  # an exam in two lines (the PD that ends one, the next one's baseline) keeps the last
    counts: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    same = compared = 0
    with truth_path.open(encoding="utf-8") as handle:
        for line in handle:
            truth = json.loads(line)
            for exam in truth.get("exams", []):
                if exam.get("recist"):
                    compared += 1
                    same += computed.get((truth["patient_id"], exam["date"])) == exam["recist"]
            for item in truth.get("contradictions", []):
                kind = item["type"]
                wanted = set(item.get("report_ids", []))
                hit = any(
                    wanted & found.get((truth["patient_id"], rule), set())
                    for rule in RULES_FOR.get(kind, ())
                )
                counts[kind][0] += hit
                counts[kind][1] += 1
    print(
        f"RECIST overall response equal to the simulator's on {same:,} of {compared:,} "
        f"exams ({100 * same / max(compared, 1):.1f} %)"
    )
    print("injected contradictions found by the rules meant for them:")
    for kind, (hits, total) in sorted(counts.items()):
        print(f"  {kind:30} {hits:5} / {total:5}  ({100 * hits / max(total, 1):.0f} %)")


def _follow_ups(result: DerivedPatient) -> list[dict[str, object]]:
    return [
        row for row in result.graph.nodes.get("RecistTimepoint", {}).values()
        if row["kind"] == "follow_up"
    ]  # fmt: skip


def _fact_reports(result: DerivedPatient) -> dict[str, set[str]]:
    """Node id → report ids it was read from (a Report node: itself)."""
    graph = result.graph
    reports = {row["id"]: row["report_id"] for row in graph.nodes.get("Report", {}).values()}
    owners: dict[str, set[str]] = {node_id: {rid} for node_id, rid in reports.items()}
    for (rel_type, _, _), edges in graph.relationships.items():
        if rel_type == "EXTRACTED_FROM":
            for source, target in edges:
                owners.setdefault(source, set()).add(reports[target])
        if rel_type == "BASED_ON":
            for source, target in edges:
                owners.setdefault(source, set()).update(owners.get(target, set()))
    return owners


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--contradiction-rate", type=float, default=0.05)
    parser.add_argument("--corpus", type=Path, help="a corpus generated beforehand")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    # The generator and the loading collect cycles less often; the timed pass runs as the
    # build runs it, with the collector off (graphbuilder.core.memory).
    with tempfile.TemporaryDirectory() as scratch, fewer_cycle_collections():
        folder = args.corpus or args.keep or Path(scratch)
        if args.corpus is None:
            config = SynthConfig(
                patients=args.patients,
                seed=args.seed,
                contradiction_rate=args.contradiction_rate,
            )
            summary = generate(config, folder)
            print(f"generated {summary.patients:,} patients, {summary.reports:,} reports "
                  f"in {summary.seconds:.1f} s")  # fmt: skip
        started = time.perf_counter()
        patients = load_patients(folder)
        reports = sum(len(p.reports) for p in patients)
        seconds = time.perf_counter() - started
        print(f"loaded {len(patients):,} patients, {reports:,} reports and their gold "
              f"extractions in {seconds:.1f} s (not benchmarked)")  # fmt: skip
        run(folder, patients, reports)


def run(folder: Path, patients: list[PatientInput], reports: int) -> None:
    print(f"calibration loop: {calibration():.2f} s")
    started, cpu = time.perf_counter(), time.process_time()
    with collections_between_batches():  # as `pipeline.build` runs the pass
        freeze_built()
        assembled = [assemble(patient) for patient in patients]
        assembly_cpu = time.process_time() - cpu
        derived = [derive_patient(patient) for patient in assembled]
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    count = len(patients)
    print(
        f"assembly + lines + RECIST + conflicts: {count:,} patients in {seconds:.2f} s "
        f"({cpu:.2f} s CPU): {count / seconds:,.0f} patients/s, {reports / seconds:,.0f} "
        f"reports/s; by CPU time {count / cpu:,.0f} patients/s (one core)"
    )
    print(
        f"  of which assembly {1000 * assembly_cpu / count:.2f} ms/patient, RECIST + conflicts "
        f"+ curation {1000 * (cpu - assembly_cpu) / count:.2f} ms/patient (CPU)"
    )
    del derived, assembled
    tracemalloc.start()
    derived = derive_all(patients)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the pass (graphs kept): {peak / 2**20:,.0f} MiB traced; "
          f"process peak RSS {rss:,.0f} MiB")  # fmt: skip
    nodes = collections.Counter(
        label for d in derived for label, rows in d.graph.nodes.items() for _ in rows
    )
    rules = collections.Counter(r.conflict.rule for d in derived for r in d.review.conflicts)
    print(f"derived: {nodes['TreatmentLine']:,} treatment lines, "
          f"{nodes['RecistTimepoint']:,} RECIST timepoints, {nodes['Lesion']:,} lesions, "
          f"{nodes['Conflict']:,} conflicts")  # fmt: skip
    for rule, count in sorted(rules.items()):
        print(f"  {rule:30} {count:6,}")
    detection(folder, patients, derived)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
