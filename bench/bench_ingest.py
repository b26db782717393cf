"""Ingestion throughput on a generated corpus (synthetic French-looking reports, seeded).

    .venv/bin/python bench/bench_ingest.py [--reports 100000] [--repeat 3] [--seed 7]

Writes a JSONL file and a Parquet file of the same reports to a temporary folder, ingests each
with the default options and prints reports/s (best of --repeat runs). Target: > 20,000/s on
one core, so polars runs on one thread unless POLARS_MAX_THREADS says otherwise.
"""

from __future__ import annotations

import os

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import polars as pl

from graphbuilder.ingest import IngestOptions, ingest

FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
KINDS = ["radiology", "Radiologie", "pathology", "anapath", "consultation", "RCP", "scanner"]
ORGANS = ["hépatique", "pulmonaire", "ganglionnaire", "surrénalienne", "osseuse", "péritonéale"]
SENTENCES = [
    "Scanner thoraco-abdomino-pelvien avec injection de produit de contraste iodé.",
    "Comparaison avec l'examen du {date}.",
    "Lésion {organ} du segment {segment} mesurant {size} mm contre {previous} mm précédemment.",
    "Adénopathie {organ} de {size} mm de petit axe, stable.",
    "Pas de nouvelle lésion suspecte décelée ce jour.",
    "Absence d'épanchement pleural ou péritonéal.",
    "Conclusion : {evolution} de la maladie selon les critères RECIST 1.1.",
    "Patiente de {age} ans suivie pour un adénocarcinome, traitée par FOLFOX depuis le {date}.",
    "Carcinome infiltrant de type non spécifique, grade SBR {grade}, RE {percent} %, HER2 négatif.",
    "Ki-67 estimé à {percent} %. Marges d'exérèse saines. {nodes} ganglions sur 12 envahis.",
    "Dossier discuté en réunion de concertation pluridisciplinaire le {date}.",
    "Bonne tolérance clinique, poursuite du traitement à l'identique.",
]
EVOLUTIONS = ["progression", "stabilité", "réponse partielle", "réponse complète"]


def written_date(rng: random.Random, day: dt.date) -> str:
    """Mostly ISO, sometimes the French forms hospitals write."""
    roll = rng.random()
    if roll < 0.8:
        return day.isoformat()
    if roll < 0.9:
        return day.strftime("%d/%m/%Y")
    return f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def report_text(rng: random.Random, target_bytes: int = 1500) -> str:
    parts: list[str] = []
    size = 0
    while size < target_bytes:
        sentence = rng.choice(SENTENCES).format(
            date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(15, 24)}",
            organ=rng.choice(ORGANS),
            segment=rng.choice(["IV", "VI", "VII", "VIII"]),
            size=rng.randint(5, 80),
            previous=rng.randint(5, 80),
            evolution=rng.choice(EVOLUTIONS),
            age=rng.randint(30, 85),
            grade=rng.randint(1, 3),
            percent=rng.randint(0, 100),
            nodes=rng.randint(0, 12),
        )
        parts.append(sentence)
        size += len(sentence.encode("utf-8")) + 1
    return "\n".join(parts)


def generate(reports: int, seed: int) -> pl.DataFrame:
    rng = random.Random(seed)
    start = dt.date(2015, 1, 1)
    rows = []
    for index in range(reports):
        day = start + dt.timedelta(days=rng.randint(0, 3650))
        rows.append(
            {
                "patient_id": f"P{index // 20:06d}",
                "report_id": f"R{index:07d}",
                "date": written_date(rng, day),
                "kind": rng.choice(KINDS),
                "text": report_text(rng),
            }
        )
    return pl.DataFrame(rows)


def best_rate(path: Path, repeat: int) -> tuple[float, int]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = ingest(path, IngestOptions())
        best = min(best, time.perf_counter() - started)
        count = result.corpus.height
    return count / best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    frame = generate(arguments.reports, arguments.seed)
    megabytes = float(frame["text"].str.len_bytes().sum()) / 1e6
    threads = pl.thread_pool_size()
    print(f"generated {frame.height:,} reports ({megabytes:,.0f} MB of text), {threads} thread(s)")
    with tempfile.TemporaryDirectory(prefix="bench_ingest_") as folder:
        inputs = {
            "jsonl": Path(folder) / "reports.jsonl",
            "parquet": Path(folder) / "reports.parquet",
        }
        frame.write_ndjson(inputs["jsonl"])
        frame.write_parquet(inputs["parquet"])
        for name, path in inputs.items():
            rate, count = best_rate(path, arguments.repeat)
            runs = arguments.repeat
            print(f"{name:8s} {count:,} reports ingested: {rate:,.0f} reports/s (best of {runs})")


if __name__ == "__main__":
    main()
