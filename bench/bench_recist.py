"""Benchmark the RECIST engine: 10,000 synthetic patients, one core.

    .venv/bin/python bench/bench_recist.py [--patients 10000] [--seed 7] [--with-tables]

Generates seeded measurement histories in memory (1-6 lesions, some nodes, 3-8 follow-ups
every 6-12 weeks, responders, stable and progressing patients, lesions too small or not
assessed now and then, new lesions, reader calls), runs `assess_line` once per patient and
prints patients/s and timepoints/s, then the peak memory the engine pass allocates
(tracemalloc, a second pass) and the process's peak RSS. `--with-tables` also times the
`graphbuilder recist` path: CSV read, engine, CSV/JSON write. The target is well above 2,000
patients/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from graphbuilder.rules.recist import (
    LesionObservation,
    LesionStatus,
    NewLesions,
    RecistOptions,
    Response,
    TimepointAssessment,
    assess_line,
)

ORGANS = ("liver", "lung", "bone", "adrenal", "peritoneum", "kidney")
Patient = tuple[list[LesionObservation], list[TimepointAssessment], dt.date]


def _lesion_value(rng: random.Random, size: float) -> tuple[LesionStatus, float | None]:
    draw = rng.random()
    if draw < 0.03:
        return LesionStatus.NOT_ASSESSED, None
    if size < 3:
        return LesionStatus.ABSENT, None
    if size < 5 or draw < 0.05:
        return LesionStatus.TOO_SMALL, None
    return LesionStatus.PRESENT, round(size, 1)


def make_patient(rng: random.Random) -> Patient:
    start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(1500))
    lesion_count = rng.randint(1, 6)
    lesions = [
        (f"L{i}", rng.choice(ORGANS) if rng.random() > 0.25 else "lymph node", rng.uniform(8, 60))
        for i in range(lesion_count)
    ]
    trend = rng.choice((-0.25, -0.1, 0.0, 0.08, 0.2))  # change per follow-up
    observations: list[LesionObservation] = []
    calls: list[TimepointAssessment] = []
    date = start - dt.timedelta(days=rng.randrange(0, 20))
    scale = 1.0
    for exam in range(rng.randint(4, 9)):  # baseline + 3-8 follow-ups
        for lesion_id, organ, size in lesions:
            nodal = organ == "lymph node"
            status, value = _lesion_value(rng, size * scale * rng.uniform(0.9, 1.1))
            observations.append(
                LesionObservation(
                    lesion_id,
                    date,
                    organ,
                    nodal,
                    status,
                    long_axis_mm=None if nodal else value,
                    short_axis_mm=value if nodal else None,
                )
            )
        if exam and rng.random() < 0.1:
            observations.append(
                LesionObservation(f"N{exam}", date, "bone", False, LesionStatus.PRESENT, 12.0)
            )
        if exam:
            non_target = rng.choice((None, Response.NON_CR_NON_PD, Response.NE))
            new = NewLesions.EQUIVOCAL if rng.random() < 0.03 else None
            calls.append(TimepointAssessment(date, non_target, new))
        scale = max(0.0, scale * (1 + trend + rng.uniform(-0.08, 0.08)))
        date += dt.timedelta(weeks=rng.randint(6, 12))
    return observations, calls, start


def run_engine(patients: list[Patient], options: RecistOptions) -> int:
    timepoints = 0
    for observations, calls, start in patients:
        timepoints += len(assess_line(observations, calls, start, options).timepoints)
    return timepoints


def bench_tables(patients: list[Patient], options: RecistOptions) -> tuple[float, int]:
    """Time the command's path: read the tables, assess every line, write the outputs."""
    from graphbuilder.rules.recist.batch import assess_patients
    from graphbuilder.rules.recist.outputs import (
        PATIENT_SCHEMA,
        TIMEPOINT_SCHEMA,
        patient_rows,
        timepoint_rows,
        write_table,
    )
    from graphbuilder.rules.recist.tables import read_measurements

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "measurements.csv"
        with path.open("w", encoding="utf-8") as handle:
            handle.write(
                "patient_id,date,lesion_id,organ,nodal,long_axis_mm,short_axis_mm,status\n"
            )
            for number, (observations, _, _) in enumerate(patients):
                for o in observations:
                    handle.write(
                        f"P{number},{o.date},{o.lesion_id},{o.organ},{o.nodal},"
                        f"{o.long_axis_mm or ''},{o.short_axis_mm or ''},{o.status}\n"
                    )
        started = time.perf_counter()
        lines = assess_patients(read_measurements(path), {}, {}, options)
        write_table(timepoint_rows(lines), TIMEPOINT_SCHEMA, Path(folder) / "out", "timepoints")
        write_table(patient_rows(lines), PATIENT_SCHEMA, Path(folder) / "out", "patients")
        return time.perf_counter() - started, len(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--irecist", action="store_true")
    parser.add_argument("--with-tables", action="store_true")
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    patients = [make_patient(rng) for _ in range(args.patients)]
    rows = sum(len(observations) for observations, _, _ in patients)
    options = RecistOptions(irecist=args.irecist)
    print(f"{args.patients} patients, {rows} lesion observations (seed {args.seed})")

    started, cpu_started = time.perf_counter(), time.process_time()
    timepoints = run_engine(patients, options)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"engine: {elapsed:.2f} s wall, {cpu:.2f} s CPU; {args.patients / elapsed:,.0f} "
        f"patients/s wall, {args.patients / cpu:,.0f} patients/s CPU; "
        f"{timepoints / elapsed:,.0f} timepoints/s wall ({timepoints} timepoints)"
    )

    tracemalloc.start()
    run_engine(patients, options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"engine pass peak allocation (tracemalloc): {peak / 2**10:,.0f} KiB")

    if args.with_tables:
        seconds, lines = bench_tables(patients, options)
        print(
            f"tables (CSV read + engine + CSV/JSON write): {seconds:.2f} s, "
            f"{lines / seconds:,.0f} patients/s"
        )
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"process peak RSS: {max_rss:.0f} MiB (includes the generated inputs)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
