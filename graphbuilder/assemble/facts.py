"""One patient's facts as small typed records: what the rule passes read.

Assembly writes the graph rows and, beside them, these records. Each record is one statement
of one source: two reports naming the same treatment give two `TreatmentFact`s with the same
`node_id`, so a rule can compare what each report said. Field names are the graph's property
names, so a steward's correction (`fact_id`, `field`, `value`) applies to them directly.

These records, and the rule passes' outputs, have no `__slots__`: the process cache pickles
them per patient, and a slotted dataclass pickles through a Python `__getstate__` (a third of
the time of pickling an assembled patient), a plain one through C.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ReportFact:
    node_id: str
    report_id: str
    date: dt.date
    kind: str
    sha256: str
    source: str


@dataclass(frozen=True)
class DuplicateReport:
    """A report id given twice with different texts (the first one is assembled)."""

    node_id: str
    report_id: str
    sha256s: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class LesionFact:
    """One physical lesion followed across exams."""

    node_id: str
    organ: str
    location: str | None
    laterality: str | None
    nodal: bool
    first_seen: dt.date
    last_seen: dt.date


@dataclass(frozen=True)
class MeasurementFact:
    """A lesion on one exam, as one report describes it."""

    node_id: str
    lesion_id: str
    report_id: str
    date: dt.date
    organ: str
    location: str | None
    laterality: str | None
    nodal: bool
    long_axis_mm: float | None
    short_axis_mm: float | None
    status: str  # new | present | disappeared | too_small
    target: str | None
    previous_long_axis_mm: float | None
    previous_short_axis_mm: float | None
    previous_date: dt.date | None
    link_confidence: float
    new_lesion_candidate: bool

    @property
    def recist_axis_mm(self) -> float | None:
        """The diameter RECIST counts: short axis for a node, long axis otherwise."""
        return self.short_axis_mm if self.nodal else self.long_axis_mm

    @property
    def quoted_recist_axis_mm(self) -> float | None:
        return self.previous_short_axis_mm if self.nodal else self.previous_long_axis_mm


@dataclass(frozen=True)
class ExamFact:
    """A radiology exam: what its report states about the evolution (the StatedAssessment
    `node_id`, None when it states nothing) and which earlier exams it compares with."""

    node_id: str | None
    report_id: str
    report_node_id: str
    date: dt.date
    evolution: str | None
    recist_category: str | None
    is_follow_up: bool | None
    no_new_lesion: bool | None
    comparison_dates: tuple[dt.date, ...]
    has_lesions: bool


@dataclass(frozen=True)
class TreatmentFact:
    """A treatment as one report states it (`report_id` set) or as the events file records it."""

    node_id: str
    report_id: str | None
    report_date: dt.date | None
    name: str
    category: str
    start_date: dt.date | None
    end_date: dt.date | None
    status: str | None
    line: int | None
    source: str  # text | structured


@dataclass(frozen=True)
class TumourFact:
    node_id: str
    report_id: str
    date: dt.date
    site: str
    histology: str | None
    laterality: str | None
    diagnosis_date: dt.date | None


@dataclass(frozen=True)
class PathologyFact:
    node_id: str
    report_id: str
    date: dt.date
    specimen_type: str | None
    laterality: str | None
    morphology: str | None
    morphology_icdo: str | None
    er_status: str | None
    er_percent: float | None
    pr_status: str | None
    pr_percent: float | None
    her2_status: str | None
    her2_ihc: str | None


@dataclass(frozen=True)
class TreatmentLine:
    """A line of systemic treatment, and the window of exams RECIST assesses for it.

    Follow-ups are the exams after the baseline up to `assessed_until` (the next line's start
    or the next surgery); the baseline must come after `baseline_after` (a surgery before the
    line removed what earlier exams measured).
    """

    node_id: str
    sequence: int
    stated_number: int | None
    regimen: tuple[str, ...]
    start_date: dt.date
    end_date: dt.date | None
    assessed_until: dt.date | None
    baseline_after: dt.date | None
    basis: str
    treatment_ids: tuple[str, ...]


@dataclass(frozen=True)
class PatientFacts:
    """Everything the rule passes need about one patient, with the graph ids of the facts."""

    patient_id: str
    patient_node_id: str
    death_date: dt.date | None = None
    diagnosis_date: dt.date | None = None
    reports: tuple[ReportFact, ...] = ()
    duplicates: tuple[DuplicateReport, ...] = ()
    lesions: tuple[LesionFact, ...] = ()
    measurements: tuple[MeasurementFact, ...] = ()
    exams: tuple[ExamFact, ...] = ()
    treatments: tuple[TreatmentFact, ...] = ()
    tumours: tuple[TumourFact, ...] = ()
    pathology: tuple[PathologyFact, ...] = ()
    lines: tuple[TreatmentLine, ...] = ()
    surgeries: tuple[dt.date, ...] = field(default=())

    def exam_dates(self) -> frozenset[dt.date]:
        """Dates of the radiology exams in the corpus (the reports' exam dates)."""
        return frozenset(exam.date for exam in self.exams)
