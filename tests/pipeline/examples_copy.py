"""A private copy of the bundled examples (reports, manifest, gold, treatments) to modify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

# A synthetic follow-up CT for patient P002; the gold below quotes it at its own offsets.
NEW_REPORT_TEXT = (
    "SCANNER THORACO-ABDOMINO-PELVIEN (document synthétique)\n"
    "Date : 10/06/2025\n\n"
    "Comparaison : scanner du 02/03/2023.\n\n"
    "Conclusion :\n"
    "Nodule pulmonaire du lobe supérieur droit de 14 mm, nouveau.\n"
)


def copy_examples(folder: Path) -> Path:
    """The examples, copied into `folder/examples` (plugins left out)."""
    target = folder / "examples"
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns("plugins"))
    return target


def evidence(text: str, quote: str) -> dict[str, object]:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "text": quote}


def add_follow_up_report(examples: Path, report_id: str = "P002_R99") -> None:
    """Add one radiology report for P002: its file, its manifest row and its gold line."""
    text = NEW_REPORT_TEXT
    (examples / "reports" / f"{report_id}.txt").write_text(text, encoding="utf-8")
    with (examples / "manifest.csv").open("a", encoding="utf-8") as manifest:
        manifest.write(f"P002,{report_id},2025-06-10,radiology,reports/{report_id}.txt\n")
    lesion = {
        "organ": {"value": "lung", "evidence": evidence(text, "pulmonaire")},
        "location": {"value": "lobe supérieur", "evidence": evidence(text, "lobe supérieur")},
        "laterality": {"value": "right", "evidence": evidence(text, "droit")},
        "nodal": {"value": False, "evidence": evidence(text, "Nodule")},
        "long_axis_mm": {"value": 14.0, "evidence": evidence(text, "14 mm")},
        "status": {"value": "new", "evidence": evidence(text, "nouveau")},
    }
    gold = {
        "report_id": report_id,
        "radiology": {
            "exam_date": {"value": "2025-06-10", "evidence": evidence(text, "10/06/2025")},
            "lesions": [lesion],
        },
    }
    with (examples / "gold.jsonl").open("a", encoding="utf-8") as lines:
        lines.write(json.dumps(gold, ensure_ascii=False) + "\n")
