"""Inputs, options and results of the RECIST 1.1 engine.

Small frozen dataclasses (not pydantic): the engine runs per patient and per treatment line for
tens of thousands of patients, so building these must cost next to nothing. Validation of
user-supplied tables happens once, in `tables.py`; the engine trusts its typed inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from graphbuilder.core.errors import ConfigError


class LesionStatus(StrEnum):
    """What an exam says about one lesion."""

    PRESENT = "present"
    ABSENT = "absent"  # gone: counts 0 mm
    TOO_SMALL = "too_small"  # seen but too small to measure: counts 5 mm
    NOT_ASSESSED = "not_assessed"


class NewLesions(StrEnum):
    """Whether an exam shows lesions that were not there at baseline."""

    NONE = "none"
    EQUIVOCAL = "equivocal"
    UNEQUIVOCAL = "unequivocal"


class Response(StrEnum):
    """RECIST 1.1 and iRECIST response categories, for components and overall."""

    CR = "CR"
    PR = "PR"
    SD = "SD"
    NON_CR_NON_PD = "non-CR/non-PD"
    PD = "PD"
    NE = "NE"
    NONE = "none"  # no disease of this kind at baseline (no targets, or no non-targets)
    ICR = "iCR"
    IPR = "iPR"
    ISD = "iSD"
    INON_CR_NON_UPD = "non-iCR/non-iUPD"
    IUPD = "iUPD"
    ICPD = "iCPD"
    INE = "iNE"


NON_TARGET_RESPONSES: frozenset[Response] = frozenset(
    {Response.CR, Response.NON_CR_NON_PD, Response.PD, Response.NE, Response.NONE}
)


class PrPolicy(StrEnum):
    """What a timepoint is called when the sum creeps back above -30 % without reaching PD."""

    WORKING_GROUP = "working-group"  # a reached (and, if required, confirmed) PR stays PR
    STRICT = "strict"  # plain arithmetic against baseline: SD


@dataclass(frozen=True)
class LesionObservation:
    """One lesion on one exam date. Several rows for one lesion and date are the fragments
    of a split lesion and are added up; `merged_into` names the lesion it coalesced with."""

    lesion_id: str
    date: dt.date
    organ: str
    nodal: bool
    status: LesionStatus
    long_axis_mm: float | Decimal | None = None
    short_axis_mm: float | Decimal | None = None
    target: bool | None = None
    merged_into: str | None = None


@dataclass(frozen=True)
class TimepointAssessment:
    """The reader's qualitative calls for one exam; None means "derive from measurements"."""

    date: dt.date
    non_target: Response | None = None
    new_lesions: NewLesions | None = None


@dataclass(frozen=True)
class DatedResponse:
    """An already assessed overall timepoint response (input of `best_overall_response`)."""

    date: dt.date
    response: Response


@dataclass(frozen=True)
class RecistOptions:
    """How strictly best overall response is derived.

    `min_sd_days` is counted from the line start (or from baseline when no start is known):
    42 days, the six weeks most protocols require for stable disease to count.
    """

    confirm: bool = True
    min_confirm_days: int = 28
    min_sd_days: int = 42
    pr_policy: PrPolicy = PrPolicy.WORKING_GROUP
    irecist: bool = False

    def __post_init__(self) -> None:
        for name in ("min_confirm_days", "min_sd_days"):
            value = getattr(self, name)
            if value < 0:
                raise ConfigError(f"recist.{name} must be 0 or more days, got {value}")


@dataclass(frozen=True)
class TargetLesion:
    """A target lesion chosen at baseline and the diameter it contributes to the sum."""

    lesion_id: str
    organ: str
    organ_group: str
    nodal: bool
    baseline_mm: float


@dataclass(frozen=True)
class TimepointResult:
    """One follow-up exam of a treatment line, with every number its category rests on.

    Percentages are truncated toward zero to one decimal, so a printed -30.0 % is always PR
    and a printed +20.0 % always reaches the relative PD threshold.
    """

    date: dt.date
    sum_mm: float | None
    sum_complete: bool
    baseline_sum_mm: float | None
    nadir_sum_mm: float | None
    pct_vs_baseline: float | None
    pct_vs_nadir: float | None
    abs_vs_nadir_mm: float | None
    previous_sum_mm: float | None
    pct_vs_previous: float | None
    response_vs_previous: Response
    target_response: Response
    non_target_response: Response
    new_lesions: NewLesions
    overall_response: Response
    target_lesion_ids: tuple[str, ...]
    new_lesion_count: int
    new_lesion_sum_mm: float
    explanation: str


@dataclass(frozen=True)
class BestResponse:
    """Best overall response of a line, the date it was first met, and why."""

    response: Response
    date: dt.date | None
    explanation: str


@dataclass(frozen=True)
class LineAssessment:
    """RECIST for one patient's treatment line: baseline, targets, timepoints, best response."""

    line_start: dt.date | None
    baseline_date: dt.date | None
    baseline_sum_mm: float | None
    targets: tuple[TargetLesion, ...]
    non_target_ids: tuple[str, ...]
    timepoints: tuple[TimepointResult, ...]
    best: BestResponse
    explanation: str


# The members the engine tests on every timepoint, as plain module names: an attribute lookup
# on an Enum class costs about fifteen times a global name on Python 3.11.
CR, PR, SD, PD, NE = Response.CR, Response.PR, Response.SD, Response.PD, Response.NE
NON_CR_NON_PD, NO_DISEASE = Response.NON_CR_NON_PD, Response.NONE
NO_NEW_LESION, EQUIVOCAL, UNEQUIVOCAL = (
    NewLesions.NONE,
    NewLesions.EQUIVOCAL,
    NewLesions.UNEQUIVOCAL,
)
PRESENT, ABSENT = LesionStatus.PRESENT, LesionStatus.ABSENT
TOO_SMALL, NOT_ASSESSED = LesionStatus.TOO_SMALL, LesionStatus.NOT_ASSESSED
