"""The pathology extractor: the 13 breast variables and a TNM, as one `PathologyResult`.

Values are read in the conclusion first (pathologists sum up there), then in the whole report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphbuilder.extract.backends.rules.dates.finder import DateMention
from graphbuilder.extract.backends.rules.pathology import findings, patterns, receptors
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.radiology.anatomy import lateralities
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, drop_none, evidenced
from graphbuilder.extract.model import PathologyResult

# Organs and specimens whose side is the specimen's laterality ("tumorectomie gauche").
_SIDED_WORDS = re.compile(
    r"\b(?:sein|mammaire|qse|qsi|qie|qii|uqs|uqi|quadrant|tumorectomie|mastectomie|zonectomie|"
    r"poumon|pulmonaire|lobe|bronch\w*|lobectomie|rein|renal\w*|nephrectomie|ovaire|"
    r"annexe|surrenal\w*|adenopathie|ganglion\w*|axillaire|cervicale?|sus-claviculaire|"
    r"inguinale?|creux axillaire)\b"
)


@dataclass
class PathologyDraft:
    dates: list[DateMention]
    emboli: list[Mention]
    capsular: list[Mention]
    mentions: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.mentions = self.emboli + self.capsular


def scan(report: ReportText, dates: list[DateMention]) -> PathologyDraft:
    return PathologyDraft(
        dates,
        findings.flag_mentions(report, patterns.EMBOLI),
        findings.flag_mentions(report, patterns.CAPSULAR),
    )


def build(report: ReportText, draft: PathologyDraft) -> PathologyResult | None:
    order = _regions(report)
    morphology, icdo = findings.morphology(report, order)
    er = receptors.receptor(report, patterns.ER, order)
    pr = receptors.receptor(report, patterns.PR, order)
    both_negative = receptors.both_negative(report)
    her2 = receptors.her2(report, order)
    examined, positive = findings.nodes(report, order, draft.dates)
    fields: dict[str, Value | None] = {
        "specimen_type": findings.specimen(report),
        "morphology": morphology,
        "morphology_icdo": icdo,
        "laterality": _laterality(report, order),
        **findings.sbr(report, order),
        "tumour_size_mm": findings.tumour_size(report, order),
        "margins_clear": findings.margins(report, order),
        "nodes_examined": examined,
        "nodes_positive": positive,
        "lymphovascular_invasion": findings.flag(report, draft.emboli, order),
        "extracapsular_spread": findings.flag(report, draft.capsular, order),
        "er_status": er.status or both_negative,
        "er_percent": er.percent,
        "pr_status": pr.status or both_negative,
        "pr_percent": pr.percent,
        "her2_status": her2.status,
        "her2_ihc": her2.ihc,
        "her2_ish": her2.ish,
        "ki67_percent": receptors.ki67(report, order),
        "tnm": findings.tnm(report, order),
    }
    result = PathologyResult.model_validate(drop_none(fields))
    return None if result == PathologyResult() else result


def _regions(report: ReportText) -> list[tuple[int, int]]:
    conclusions = [(section.start, section.end) for section in report.section_spans("conclusion")]
    return [*conclusions, (0, len(report.text))]


def _laterality(report: ReportText, order: list[tuple[int, int]]) -> Value | None:
    """The specimen's side: a side word right after a sided organ or specimen word, read in
    the "Nature du prélèvement" line first, then the conclusion, then anywhere."""
    header = patterns.SPECIMEN_HEADER.search(report.folded)
    regions = list(order)
    if header is not None:
        sentence = report.sentence_at(header.start())
        regions.insert(0, (sentence.start, sentence.end))
    for start, end in regions:
        for side in lateralities(report, start, end):
            window = report.folded[max(start, side.start - 45) : side.start]
            if _SIDED_WORDS.search(window) and "," not in window[-20:]:
                return evidenced(report, side.value, side.start, side.end)
    return None
