"""The domain model of one report's extraction: the source of truth for every backend.

Every value is an `Evidenced[T]`: the value and the span of report text it was read from.
Backends (rules, vLLM, a file of precomputed extractions) all fill `ReportExtraction`; the JSON
Schemas under `schemas/` are generated from these classes, and extra keys are forbidden so a
model cannot slip in a field nobody asked for.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cache
from typing import Annotated, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION: Literal["1"] = "1"

T = TypeVar("T")
Millimetres = Annotated[float, Field(ge=0, le=2000, description="A length in millimetres.")]
Percent = Annotated[float, Field(ge=0, le=100)]


class StrictModel(BaseModel):
    """Base of every domain model: unknown keys are an error, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(StrictModel):
    """Where a value was read: character offsets into the report text and the quoted text."""

    start: int = Field(ge=0, description="Offset of the first character of the quote.")
    end: int = Field(ge=0, description="Offset just past the last character of the quote.")
    text: str = Field(min_length=1, description="The quoted report text, text[start:end].")

    @model_validator(mode="after")
    def _span_matches_quote(self) -> Evidence:
        if self.end <= self.start:
            raise ValueError(f"evidence end {self.end} must be after start {self.start}")
        return self


class Evidenced(StrictModel, Generic[T]):
    """A value together with the evidence it rests on."""

    value: T
    evidence: Evidence


# Constrained evidenced values get their own names so the JSON Schema reads well.
class EvidencedLength(Evidenced[Millimetres]):
    """A length in millimetres (converted from cm when written so) and its evidence."""


class EvidencedPercent(Evidenced[Percent]):
    """A percentage (0 to 100) and its evidence."""


class EvidencedGrade(Evidenced[Annotated[int, Field(ge=1, le=3)]]):
    """A grade or score from 1 to 3 (SBR grade and its sub-scores) and its evidence."""


class EvidencedCount(Evidenced[Annotated[int, Field(ge=0, le=200)]]):
    """A count (lymph nodes, cycles) and its evidence."""


class EvidencedLine(Evidenced[Annotated[int, Field(ge=1, le=20)]]):
    """A treatment line number ("2e ligne") and its evidence."""


class EvidencedDose(Evidenced[Annotated[float, Field(gt=0, le=200)]]):
    """A radiotherapy dose in gray and its evidence."""


# ----------------------------------------------------------------------------- vocabularies
class Organ(StrEnum):
    LIVER = "liver"
    LUNG = "lung"
    LYMPH_NODE = "lymph_node"
    ADRENAL = "adrenal"
    BONE = "bone"
    BRAIN = "brain"
    PERITONEUM = "peritoneum"
    PLEURA = "pleura"
    BREAST = "breast"
    COLON = "colon"
    RECTUM = "rectum"
    PANCREAS = "pancreas"
    KIDNEY = "kidney"
    SPLEEN = "spleen"
    OVARY = "ovary"
    PROSTATE = "prostate"
    SKIN = "skin"
    SOFT_TISSUE = "soft_tissue"
    OTHER = "other"


class Laterality(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


class LesionStatus(StrEnum):
    """How a report describes a lesion at this exam."""

    NEW = "new"
    PRESENT = "present"
    DISAPPEARED = "disappeared"
    TOO_SMALL = "too_small"


class TargetRole(StrEnum):
    """Whether the report calls the lesion a RECIST target ("cible") or not."""

    TARGET = "target"
    NON_TARGET = "non_target"


class Modality(StrEnum):
    CT = "CT"
    MRI = "MRI"
    PET = "PET"
    ULTRASOUND = "US"
    XRAY = "XR"
    OTHER = "other"


class Evolution(StrEnum):
    """The radiologist's stated evolution, in the five classes hospitals annotate."""

    PROGRESSION = "Progression"
    STABILITY = "Stability"
    RESPONSE = "Response"
    UNKNOWN = "Unknown"
    NOT_A_FOLLOW_UP = "Not-a-follow-up"


class RecistCategory(StrEnum):
    CR = "CR"
    PR = "PR"
    SD = "SD"
    PD = "PD"
    NE = "NE"


class SpecimenType(StrEnum):
    BIOPSY = "biopsy"
    LUMPECTOMY = "lumpectomy"
    MASTECTOMY = "mastectomy"
    SENTINEL_NODE = "sentinel_node"
    AXILLARY_DISSECTION = "axillary_dissection"
    RESECTION = "resection"
    OTHER = "other"


class ReceptorStatus(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Her2Status(StrEnum):
    NEGATIVE = "negative"
    LOW = "low"
    EQUIVOCAL = "equivocal"
    POSITIVE = "positive"


class Her2Ihc(StrEnum):
    """HER2 immunohistochemistry score."""

    SCORE_0 = "0"
    SCORE_1 = "1+"
    SCORE_2 = "2+"
    SCORE_3 = "3+"


class Her2Ish(StrEnum):
    """HER2 in-situ hybridisation (FISH, SISH, CISH) result."""

    AMPLIFIED = "amplified"
    NOT_AMPLIFIED = "not_amplified"


class TreatmentCategory(StrEnum):
    CHEMOTHERAPY = "chemotherapy"
    TARGETED = "targeted"
    IMMUNOTHERAPY = "immunotherapy"
    HORMONE_THERAPY = "hormone_therapy"
    SURGERY = "surgery"
    RADIOTHERAPY = "radiotherapy"
    OTHER = "other"


class TreatmentStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    STOPPED = "stopped"
    COMPLETED = "completed"


class CancerSite(StrEnum):
    BREAST = "breast"
    COLORECTAL = "colorectal"
    LUNG = "lung"
    LYMPHOMA = "lymphoma"
    PROSTATE = "prostate"
    PANCREAS = "pancreas"
    OVARY = "ovary"
    KIDNEY = "kidney"
    BLADDER = "bladder"
    MELANOMA = "melanoma"
    HEAD_AND_NECK = "head_and_neck"
    OTHER = "other"


# ----------------------------------------------------------------------------- radiology
class PreviousSize(StrictModel):
    """A size the report quotes for the same lesion at an earlier exam ("contre 18 mm le 12/03")."""

    long_axis_mm: EvidencedLength | None = None
    short_axis_mm: EvidencedLength | None = Field(
        default=None, description="Nodes are usually quoted by their earlier short axis alone."
    )
    date: Evidenced[dt.date] | None = None

    @model_validator(mode="after")
    def _has_a_size(self) -> PreviousSize:
        if self.long_axis_mm is None and self.short_axis_mm is None:
            raise ValueError("a previous size needs a long or a short axis")
        return self


class Lesion(StrictModel):
    """One lesion as one radiology report describes it."""

    organ: Evidenced[Organ]
    location: Evidenced[str] | None = Field(
        default=None, description="Sub-location: liver segment ('VI'), lung lobe, node station."
    )
    laterality: Evidenced[Laterality] | None = None
    nodal: Evidenced[bool]
    long_axis_mm: EvidencedLength | None = None
    short_axis_mm: EvidencedLength | None = None
    previous: PreviousSize | None = None
    status: Evidenced[LesionStatus]
    target: Evidenced[TargetRole] | None = None


class RadiologyFindings(StrictModel):
    exam_date: Evidenced[dt.date] | None = None
    modality: Evidenced[Modality] | None = None
    is_follow_up: Evidenced[bool] | None = None
    comparison_dates: list[Evidenced[dt.date]] = Field(default_factory=list)
    lesions: list[Lesion] = Field(default_factory=list)
    no_new_lesion: Evidenced[bool] | None = Field(
        default=None, description="True when the report states there is no new lesion."
    )
    stated_evolution: Evidenced[Evolution] | None = None
    stated_recist: Evidenced[RecistCategory] | None = None


# ----------------------------------------------------------------------------- pathology
class TnmStage(StrictModel):
    """A TNM classification as written: prefix (c, p, yp, ...), T, N and M categories."""

    prefix: str | None = Field(default=None, description="c, p, yp, r, ... ('' when absent)")
    t: str | None = None
    n: str | None = None
    m: str | None = None


class PathologyResult(StrictModel):
    """The 13 breast pathology variables (any may be absent) and a TNM for any cancer."""

    specimen_type: Evidenced[SpecimenType] | None = None
    morphology: Evidenced[str] | None = None
    morphology_icdo: Evidenced[str] | None = Field(default=None, description="ICD-O-3, '8500/3'.")
    laterality: Evidenced[Laterality] | None = None
    sbr_grade: EvidencedGrade | None = None
    sbr_tubules: EvidencedGrade | None = None
    sbr_nuclei: EvidencedGrade | None = None
    sbr_mitoses: EvidencedGrade | None = None
    tumour_size_mm: EvidencedLength | None = None
    margins_clear: Evidenced[bool] | None = None
    nodes_examined: EvidencedCount | None = None
    nodes_positive: EvidencedCount | None = None
    lymphovascular_invasion: Evidenced[bool] | None = None
    extracapsular_spread: Evidenced[bool] | None = None
    er_status: Evidenced[ReceptorStatus] | None = None
    er_percent: EvidencedPercent | None = None
    pr_status: Evidenced[ReceptorStatus] | None = None
    pr_percent: EvidencedPercent | None = None
    her2_status: Evidenced[Her2Status] | None = None
    her2_ihc: Evidenced[Her2Ihc] | None = None
    her2_ish: Evidenced[Her2Ish] | None = None
    ki67_percent: EvidencedPercent | None = None
    tnm: Evidenced[TnmStage] | None = None


# ----------------------------------------------------------------------------- treatments
class Treatment(StrictModel):
    """A treatment a report names: a regimen, a drug, a surgery or a radiotherapy course."""

    name: Evidenced[str] = Field(description="Regimen or drug as normalised: 'FOLFOX'.")
    category: Evidenced[TreatmentCategory]
    start: Evidenced[dt.date] | None = None
    end: Evidenced[dt.date] | None = None
    status: Evidenced[TreatmentStatus] | None = None
    line: EvidencedLine | None = None
    cycle: EvidencedCount | None = None
    dose_gy: EvidencedDose | None = None
    fractions: EvidencedCount | None = None


class Tumour(StrictModel):
    """A primary cancer a report names."""

    site: Evidenced[CancerSite]
    histology: Evidenced[str] | None = None
    laterality: Evidenced[Laterality] | None = None
    diagnosis_date: Evidenced[dt.date] | None = None


# ----------------------------------------------------------------------------- the whole
class ReportExtraction(StrictModel):
    """Everything extracted from one report. Absent sections mean nothing was found."""

    report_id: str = Field(min_length=1)
    schema_version: Literal["1"] = SCHEMA_VERSION
    radiology: RadiologyFindings | None = None
    pathology: list[PathologyResult] = Field(default_factory=list)
    treatments: list[Treatment] = Field(default_factory=list)
    tumours: list[Tumour] = Field(default_factory=list)

    def evidences(self) -> list[Evidence]:
        """Every evidence span in this extraction, for grounding checks and audits."""
        found: list[Evidence] = []
        _collect_evidence(self, found)
        return found


def _collect_evidence(node: object, found: list[Evidence]) -> None:
    if isinstance(node, Evidence):
        found.append(node)
    elif isinstance(node, BaseModel):
        for name in _nested_fields(type(node)):
            _collect_evidence(getattr(node, name), found)
    elif isinstance(node, list):
        for item in node:
            _collect_evidence(item, found)


@cache
def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that can hold evidence (a model, or a list or union with one):
    visiting only those, a report's evidence is gathered in a third of the calls."""
    return tuple(name for name, info in model.model_fields.items() if _holds_model(info.annotation))


def _holds_model(annotation: object) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(argument) for argument in get_args(annotation))
