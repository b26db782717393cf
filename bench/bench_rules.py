"""Throughput and memory of the `rules` extraction backend on one core.

    .venv/bin/python bench/bench_rules.py [--reports 2000] [--seed 7] [--batch-size 64]

Builds synthetic French reports in memory (CT follow-ups, pathology, consultations and
tumour-board notes, from a few templates with varying numbers, dates and phrasings), loads the
backend once (the EDS-NLP pipeline load is timed apart), extracts every report and prints
reports/s, characters/s and the peak resident memory. Target: at least 200 reports/s.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, before numpy is imported by spaCy
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import datetime as dt
import random
import resource
import sys
import time

from graphbuilder.core.ids import text_sha256
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ReportInput
from graphbuilder.extract.backends.rules import RulesBackend
from graphbuilder.synth.phrasing.common import MONTHS

SEGMENTS = ["II", "III", "IVa", "V", "VI", "VII", "VIII"]
LOBES = ["LSD", "LID", "LM", "LSG", "LIG", "lobe supérieur droit", "lobe inférieur gauche"]
STATIONS = [
    "médiastinale 4R",
    "sous-carinaire",
    "axillaire gauche",
    "lombo-aortique",
    "sus-claviculaire droite",
    "iliaque externe gauche",
]
REGIMENS = [
    "FOLFOX",
    "FOLFIRI + bévacizumab",
    "carboplatine-pémétrexed",
    "pembrolizumab",
    "paclitaxel hebdomadaire",
    "R-CHOP",
    "XELOX",
    "létrozole + palbociclib",
]
CONCLUSIONS = [
    "Progression hépatique (PD selon RECIST 1.1).",
    "Maladie stable (SD).",
    "Réponse partielle selon RECIST 1.1.",
    "Au total : stabilité lésionnelle.",
    "Bilan d'extension initial.",
    "Réponse complète.",
]


def _date(rng: random.Random, day: dt.date) -> str:
    roll = rng.random()
    if roll < 0.5:
        return day.strftime("%d/%m/%Y")
    if roll < 0.8:
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return day.strftime("%d.%m.%y")


def _size(rng: random.Random, mm: float) -> str:
    roll = rng.random()
    if roll < 0.4:
        return f"{mm:.0f} mm"
    if roll < 0.6:
        return f"{mm / 10:.1f} cm".replace(".", ",")
    if roll < 0.85:
        return f"{mm:.0f} x {mm * 0.7:.0f} mm"
    return f"{mm:.0f}x{mm * 0.8:.0f}mm"


def radiology(rng: random.Random, day: dt.date) -> str:
    before = day - dt.timedelta(days=rng.randint(40, 120))
    lines = [
        "CENTRE HOSPITALIER - SERVICE D'IMAGERIE MÉDICALE",
        "COMPTE RENDU DE SCANNER THORACO-ABDOMINO-PELVIEN",
        f"Examen du {_date(rng, day)}",
        "",
        f"Indication : adénocarcinome colique métastatique, réévaluation sous "
        f"{rng.choice(REGIMENS)} (C{rng.randint(2, 12)}).",
        "Technique : acquisition hélicoïdale thoraco-abdomino-pelvienne après injection de "
        "produit de contraste iodé au temps portal, reconstructions en coupes de 1,25 mm.",
        f"Comparaison : TDM du {_date(rng, before)}.",
        "",
        "Résultats :",
        "Foie :",
    ]
    for segment in rng.sample(SEGMENTS, rng.randint(1, 4)):
        now, earlier = rng.uniform(8, 60), rng.uniform(8, 60)
        lines.append(f"- segment {segment} : {_size(rng, now)}, contre {earlier:.0f} mm ;")
    lines.append("Pas de thrombose portale. Vésicule biliaire alithiasique. Pas d'ascite.")
    lobe = rng.choice(LOBES)
    lines.append(
        f"Thorax : nodule du {lobe} de {_size(rng, rng.uniform(4, 25))} (précédemment "
        f"{rng.uniform(4, 25):.0f} mm). Pas d'épanchement pleural ni péricardique."
    )
    station = rng.choice(STATIONS)
    lines.append(f"Ganglions : adénopathie {station} de {rng.uniform(8, 30):.0f} mm de petit axe.")
    lines.append(
        rng.choice(
            [
                "Pas de nouvelle lésion.",
                f"Apparition d'un nodule du segment II de {rng.randint(5, 15)} mm.",
                "Absence de lésion osseuse suspecte.",
            ]
        )
    )
    lines.append("Rate, pancréas, surrénales et reins sans particularité.")
    lines += ["", "Conclusion :", rng.choice(CONCLUSIONS), "", "Dr X, radiologue"]
    return "\n".join(lines)


def pathology(rng: random.Random, day: dt.date) -> str:
    grade = rng.choice(["I", "II", "III"])
    return "\n".join(
        [
            "SERVICE D'ANATOMIE ET DE CYTOLOGIE PATHOLOGIQUES",
            "COMPTE RENDU ANATOMOPATHOLOGIQUE",
            f"Prélèvement du {_date(rng, day)}",
            f"Nature du prélèvement : {rng.choice(['microbiopsies', 'tumorectomie'])} du sein "
            f"{rng.choice(['droit', 'gauche'])}.",
            "",
            "Macroscopie :",
            f"Trois carottes de {rng.randint(10, 18)} mm incluses en totalité.",
            "Microscopie :",
            f"Carcinome infiltrant de type non spécifique de {rng.randint(8, 40)} mm, grade SBR "
            f"{grade} ({rng.randint(1, 3)}+{rng.randint(1, 3)}+{rng.randint(1, 3)}).",
            f"Emboles vasculaires : {rng.choice(['absents', 'présents'])}. Marges saines.",
            f"Ganglions sentinelles : {rng.randint(0, 2)}/{rng.randint(2, 4)}.",
            "Immunohistochimie :",
            f"- RE positifs à {rng.randint(1, 100)} %, intensité forte ;",
            f"- RP {rng.randint(0, 100)} % ;",
            f"- HER2 score {rng.choice(['0', '1+', '2+', '3+'])} ;",
            f"- Ki67 à {rng.randint(5, 60)} %.",
            "",
            "Conclusion :",
            f"Carcinome infiltrant de type non spécifique, grade SBR {grade}, "
            f"pT{rng.randint(1, 3)}N{rng.randint(0, 2)}M0.",
            "",
            "Dr Y, pathologiste",
        ]
    )


def consultation(rng: random.Random, day: dt.date) -> str:
    start = day - dt.timedelta(days=rng.randint(20, 300))
    return (
        f"Service d'oncologie médicale\nConsultation du {_date(rng, day)}\n\nCher confrère,\n\n"
        f"J'ai revu ce jour votre patient de {rng.randint(40, 85)} ans suivi pour un "
        f"adénocarcinome du côlon métastatique au foie. Antécédent familial de cancer du sein "
        f"chez sa mère.\nTraitement de {rng.randint(1, 3)}e ligne par {rng.choice(REGIMENS)} "
        f"débuté le {_date(rng, start)}, C{rng.randint(2, 12)} ce jour, bonne tolérance.\n"
        f"Arrêt du {rng.choice(REGIMENS)} pour progression. Radiothérapie de "
        f"{rng.choice([20, 30, 45, 50])} Gy en {rng.choice([5, 10, 25])} fractions.\n"
        "Examen clinique : OMS 1, abdomen souple, pas d'hépatomégalie.\n"
        "Pas de signe de toxicité. Prochaine évaluation dans 3 mois par scanner.\n\n"
        "Bien confraternellement,\nDr Z"
    )


def build_corpus(count: int, seed: int) -> list[ReportInput]:
    rng = random.Random(seed)
    makers = [
        (ReportKind.RADIOLOGY, radiology),
        (ReportKind.PATHOLOGY, pathology),
        (ReportKind.CONSULTATION, consultation),
    ]
    reports = []
    for index in range(count):
        kind, maker = makers[index % len(makers)] if rng.random() < 0.9 else rng.choice(makers)
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        text = maker(rng, day)
        reports.append(
            ReportInput(f"P{index // 10}", f"R{index}", day, kind, text, text_sha256(text))
        )
    return reports


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return peak / 1024 if sys.platform != "darwin" else peak / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()

    reports = build_corpus(args.reports, args.seed)
    characters = sum(len(report.text) for report in reports)
    backend = RulesBackend(batch_size=args.batch_size)
    started = time.perf_counter()
    list(backend.extract(reports[:1]))  # loads the EDS-NLP pipeline
    loaded = time.perf_counter()
    cpu_before = time.process_time()
    outcomes = list(backend.extract(reports))
    cpu = time.process_time() - cpu_before
    finished = time.perf_counter()

    elapsed = finished - loaded
    facts = sum(len(o.extraction.evidences()) for o in outcomes if o.extraction is not None)
    print(f"backend          {backend.info().backend_version}")
    print(f"reports          {len(reports)} ({characters / len(reports):.0f} characters each)")
    print(f"pipeline load    {loaded - started:.1f} s (once per backend)")
    print(f"extraction       {elapsed:.2f} s")
    print(
        f"throughput       {len(reports) / elapsed:.0f} reports/s wall clock, "
        f"{characters / elapsed / 1000:.0f} kB/s"
    )
    print(
        f"per CPU second   {len(reports) / cpu:.0f} reports/s (CPU time {cpu:.2f} s: the "
        "one-core figure when the machine is shared)"
    )
    print(f"evidence spans   {facts} ({facts / len(reports):.1f} per report)")
    print(f"peak RSS         {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
