"""Small synthetic French reports and their gold extractions, for the evaluation tests.

Gold records are plain dicts (the JSON of `ReportExtraction`) so that a test can copy one,
change a value and validate the result as a prediction.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from graphbuilder.extract.model import ReportExtraction
from tests.support.evidence import evidenced

CT = (
    "TDM thoraco-abdomino-pelvienne du 12/03/2024, comparée aux examens du 10/01/2024 et du "
    "05/11/2023. Foie : lésion du segment VI de 32 mm (contre 40 mm le 10/01/2024), cible 1 ; "
    "lésion du segment VIII de 25 x 21 mm, cible 2. Adénopathie médiastinale 4R de 18 x 12 mm. "
    "Pas de nouvelle lésion. Conclusion : réponse partielle, RP selon RECIST."
)
PATHOLOGY = (
    "Biopsie du sein gauche : carcinome infiltrant de type non spécifique, grade SBR II. "
    "RE positifs à 90 %, RP négatifs, HER2 score 0, Ki-67 à 20 %. "
    "Ganglion sentinelle : 0/2, pas de rupture capsulaire."
)
LETTER = (
    "Consultation d'oncologie. Adénocarcinome du côlon sigmoïde diagnostiqué le 10/01/2023. "
    "Sous FOLFOX depuis le 02/02/2024, C6 le 12/04/2024, associé au bévacizumab."
)


def ct_gold(report_id: str = "R-CT") -> dict[str, Any]:
    t = CT
    return {
        "report_id": report_id,
        "radiology": {
            "exam_date": evidenced("2024-03-12", t, "12/03/2024"),
            "modality": evidenced("CT", t, "TDM"),
            "is_follow_up": evidenced(True, t, "comparée aux examens"),
            "comparison_dates": [
                evidenced("2024-01-10", t, "10/01/2024"),
                evidenced("2023-11-05", t, "05/11/2023"),
            ],
            "lesions": [
                {
                    "organ": evidenced("liver", t, "Foie"),
                    "location": evidenced("VI", t, "segment VI"),
                    "nodal": evidenced(False, t, "lésion du segment VI"),
                    "long_axis_mm": evidenced(32.0, t, "32 mm"),
                    "previous": {
                        "long_axis_mm": evidenced(40.0, t, "40 mm"),
                        "date": evidenced("2024-01-10", t, "10/01/2024", 1),
                    },
                    "status": evidenced("present", t, "lésion du segment VI"),
                    "target": evidenced("target", t, "cible 1"),
                },
                {
                    "organ": evidenced("liver", t, "Foie"),
                    "location": evidenced("VIII", t, "segment VIII"),
                    "nodal": evidenced(False, t, "lésion du segment VIII"),
                    "long_axis_mm": evidenced(25.0, t, "25 x 21 mm"),
                    "short_axis_mm": evidenced(21.0, t, "25 x 21 mm"),
                    "status": evidenced("present", t, "lésion du segment VIII"),
                    "target": evidenced("target", t, "cible 2"),
                },
                {
                    "organ": evidenced("lymph_node", t, "Adénopathie médiastinale"),
                    "location": evidenced("4R", t, "4R"),
                    "nodal": evidenced(True, t, "Adénopathie"),
                    "long_axis_mm": evidenced(18.0, t, "18 x 12 mm"),
                    "short_axis_mm": evidenced(12.0, t, "18 x 12 mm"),
                    "status": evidenced("present", t, "Adénopathie médiastinale 4R"),
                },
            ],
            "no_new_lesion": evidenced(True, t, "Pas de nouvelle lésion"),
            "stated_evolution": evidenced("Response", t, "réponse partielle"),
            "stated_recist": evidenced("PR", t, "RP selon RECIST"),
        },
    }


def pathology_gold(report_id: str = "R-AP") -> dict[str, Any]:
    t = PATHOLOGY
    return {
        "report_id": report_id,
        "pathology": [
            {
                "specimen_type": evidenced("biopsy", t, "Biopsie"),
                "morphology": evidenced(
                    "carcinome infiltrant de type non spécifique",
                    t,
                    "carcinome infiltrant de type non spécifique",
                ),
                "laterality": evidenced("left", t, "gauche"),
                "sbr_grade": evidenced(2, t, "grade SBR II"),
                "er_status": evidenced("positive", t, "RE positifs"),
                "er_percent": evidenced(90.0, t, "90 %"),
                "pr_status": evidenced("negative", t, "RP négatifs"),
                "her2_status": evidenced("negative", t, "HER2 score 0"),
                "her2_ihc": evidenced("0", t, "score 0"),
                "ki67_percent": evidenced(20.0, t, "20 %"),
            },
            {
                "specimen_type": evidenced("sentinel_node", t, "Ganglion sentinelle"),
                "nodes_examined": evidenced(2, t, "0/2"),
                "nodes_positive": evidenced(0, t, "0/2"),
                "extracapsular_spread": evidenced(False, t, "pas de rupture capsulaire"),
            },
        ],
    }


def letter_gold(report_id: str = "R-LET") -> dict[str, Any]:
    t = LETTER
    return {
        "report_id": report_id,
        "treatments": [
            {
                "name": evidenced("FOLFOX", t, "FOLFOX"),
                "category": evidenced("chemotherapy", t, "FOLFOX"),
                "start": evidenced("2024-02-02", t, "02/02/2024"),
                "status": evidenced("ongoing", t, "Sous FOLFOX"),
                "cycle": evidenced(6, t, "C6"),
            },
            {
                "name": evidenced("bevacizumab", t, "bévacizumab"),
                "category": evidenced("targeted", t, "bévacizumab"),
                "status": evidenced("ongoing", t, "associé au bévacizumab"),
            },
        ],
        "tumours": [
            {
                "site": evidenced("colorectal", t, "côlon sigmoïde"),
                "histology": evidenced("adénocarcinome", t, "Adénocarcinome"),
                "diagnosis_date": evidenced("2023-01-10", t, "10/01/2023"),
            }
        ],
    }


def changed(record: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of `record` with the item at a dotted `path` ("radiology.lesions.0") replaced
    (None deletes a key)."""
    result = copy.deepcopy(record)
    *parents, last = path.split(".")
    node: Any = result
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    key: Any = int(last) if isinstance(node, list) else last
    if value is None and isinstance(node, dict):
        node.pop(key, None)
    else:
        node[key] = value
    return result


def extractions(*records: dict[str, Any]) -> dict[str, ReportExtraction]:
    validated = [ReportExtraction.model_validate(record) for record in records]
    return {report.report_id: report for report in validated}


def write_jsonl(path: Path, *records: dict[str, Any]) -> Path:
    lines = [ReportExtraction.model_validate(r).model_dump_json() for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def write_lines(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path
