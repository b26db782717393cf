"""One simulated patient: the true disease course and the documents that will describe it.

The simulation (`simulate.py`) fills these plain objects; contradictions (`contradictions.py`)
mark some of them; the renderers turn each `Document` into a French report and its gold; the
truth (`truth.py`) is read from them. Nothing here knows about text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from graphbuilder.synth.profiles import CancerProfile


@dataclass(slots=True, eq=False)
class LesionTrack:
    """One physical lesion followed through the course; sizes are true sizes in mm."""

    key: str  # "L3", unique within the patient
    organ: str  # Organ value
    location: str | None  # canonical sub-location ("VI", "lobe inférieur", "axillaire")
    laterality: str | None
    nodal: bool
    born: dt.date
    size: float  # true long axis now
    short: float  # true short axis now
    sensitivity: float  # how strongly this lesion follows the line's response
    measurable_text: bool = True  # bone lesions are described, not measured
    primary: bool = False
    gone: bool = False
    removed: bool = False  # resected: no longer described at all
    anchor: float = 0.0  # size at the start of the current treatment effect
    anchor_short: float = 0.0
    anchor_date: dt.date | None = None


@dataclass(slots=True, eq=False)
class Measure:
    """A lesion as one exam reports it. `long_mm`/`short_mm` are what the text states."""

    lesion: LesionTrack
    true_long: float
    true_short: float
    status: str  # LesionStatus value
    long_mm: float | None
    short_mm: float | None
    previous: Measure | None = None  # same lesion at the previous exam, for the quoted size
    previous_date: dt.date | None = None
    # contradiction overrides (the text then disagrees with the simulation)
    quoted_previous_mm: float | None = None
    unit_slip: str | None = None  # "cm_as_mm" ("2,8 mm" for 28 mm) or "mm_as_cm"
    gold_index: int | None = None  # index in the gold `radiology.lesions`, set when rendered


@dataclass(slots=True, eq=False)
class Episode:
    """A treatment line (numbered in advanced disease) or a curative/neoadjuvant treatment."""

    number: int | None
    intent: str  # "advanced", "neoadjuvant", "adjuvant", "curative"
    drugs: tuple[str, ...]
    start: dt.date
    end: dt.date | None = None
    end_reason: str | None = None  # "progression", "completed", "death", None (ongoing)
    baseline: Exam | None = None
    timepoints: list[Exam] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class Course:
    """A treatment as recorded in the structured events: one drug, a procedure or an RT course."""

    name: str
    category: str
    start: dt.date
    end: dt.date | None
    line: int | None
    episode: Episode | None = None
    dose_gy: float | None = None
    fractions: int | None = None
    site_label: str | None = None  # what was operated or irradiated ("sein gauche")


@dataclass(slots=True, eq=False)
class Exam:
    date: dt.date
    modality: str  # Modality value
    region: str  # "tap", "liver", "breast", "pet", "mammo"
    purpose: str  # "staging", "follow_up", "pre_surgery", "surveillance"
    measures: list[Measure]
    previous: Exam | None
    episode: Episode | None
    recist: dict[str, Any] | None = None  # computed from the stated sizes (truth)
    evolution: str = "Not-a-follow-up"  # what the simulation means the report to state
    stated_evolution: str | None = None  # a contradiction's override of `evolution`
    unknown_evolution: bool = False  # the radiologist could not compare
    report_id: str = ""


@dataclass(slots=True, eq=False)
class Document:
    """A report to render: its kind, date and what it is about."""

    kind: str  # ReportKind value
    subtype: str  # "exam", "biopsy", "surgery", "consult", "rcp"
    date: dt.date
    exam: Exam | None = None
    data: dict[str, Any] = field(default_factory=dict)
    report_id: str = ""
    duplicate_of: Document | None = None  # a second version sharing the report id


@dataclass(slots=True, eq=False)
class Patient:
    patient_id: str
    index: int
    profile: CancerProfile
    sex: str  # "F" / "M"
    birth_year: int
    diagnosis_date: dt.date
    laterality: str | None
    primary_location: str  # "sigmoïde", "QSE", "lobe supérieur", "cervicale"
    metastatic_at_diagnosis: bool
    follow_up_end: dt.date
    receptors: dict[str, Any] = field(default_factory=dict)  # breast: er, pr, her2, ki67...
    family_history: str | None = None
    lesions: list[LesionTrack] = field(default_factory=list)
    exams: list[Exam] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    death_date: dt.date | None = None
    relapse_date: dt.date | None = None
    contradictions: list[dict[str, Any]] = field(default_factory=list)

    def age_at(self, date: dt.date) -> int:
        return date.year - self.birth_year
