"""A small synthetic French corpus for the integration tests: every report kind, short texts."""

from __future__ import annotations

import json
from pathlib import Path

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ReportInput
from tests.extract.backends.llm.fakes import report

RADIOLOGY = [
    "Scanner TAP du 12/03/2024 comparé au 10/12/2023. Lésion hépatique du segment VI de 25 mm "
    "contre 31 mm. Au total : SD.",
    "TDM thoracique du 02/02/2024. Bilan initial. Nodule du lobe supérieur droit de 12 mm.",
    "IRM hépatique du 20/05/2024. Nouvelle lésion du segment VII de 9 mm. Au total : PD.",
    "TEP-TDM du 03/06/2024. Diminution des adénopathies médiastinales. Réponse partielle.",
    "Scanner de contrôle du 11/07/2024. Stabilité des lésions cibles. Pas de nouvelle lésion.",
    "Échographie abdominale du 15/08/2024. Examen non comparable, foie stéatosique.",
]
OTHERS = [
    (ReportKind.PATHOLOGY, "Biopsie du sein gauche. Carcinome infiltrant, grade SBR II. RE 80 %."),
    (ReportKind.CONSULTATION, "Consultation du 05/03/2024. Cancer du côlon. FOLFOX, cure 4."),
]


def radiology_reports() -> list[ReportInput]:
    return [report(f"CT{index}", text) for index, text in enumerate(RADIOLOGY, start=1)]


def one_report_per_kind() -> list[ReportInput]:
    return [radiology_reports()[0]] + [
        report(f"{kind.value}-1", text, kind) for kind, text in OTHERS
    ]


def write_jsonl(path: Path) -> Path:
    """The radiology reports as a JSONL corpus for `graphbuilder build`."""
    with path.open("w", encoding="utf-8") as handle:
        for index, text in enumerate(RADIOLOGY[:4], start=1):
            row = {
                "patient_id": "P1",
                "report_id": f"CT{index}",
                "date": f"2024-0{index}-15",
                "kind": "radiology",
                "text": text,
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path
