"""iRECIST (Seymour et al., Lancet Oncol 2017;18:e143-e152) over RECIST 1.1 timepoints.

The first RECIST progression is unconfirmed (iUPD). A later exam confirms it (iCPD) when the
category that progressed grows further (target sum +5 mm or more since the iUPD exam; non-target
progression called again; more new lesions, or their sum +5 mm or more) or when another
category progresses. When no category shows progression any more, the bar is reset: the exam
gets its own response (iCR, iPR, iSD, ...) and the next progression is again only iUPD.
Otherwise the exam stays iUPD.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from graphbuilder.rules.recist.arithmetic import PD_ABSOLUTE_TENTHS, format_mm
from graphbuilder.rules.recist.model import NewLesions, Response, TimepointResult

_TO_IRECIST = {
    Response.CR: Response.ICR,
    Response.PR: Response.IPR,
    Response.SD: Response.ISD,
    Response.NON_CR_NON_PD: Response.INON_CR_NON_UPD,
    Response.NE: Response.INE,
    Response.PD: Response.IUPD,
}


# An exam that is not evaluable neither confirms nor resets a pending iUPD.
_NO_RESET = frozenset({Response.PD, Response.NE})


@dataclass(frozen=True, slots=True)
class _Unconfirmed:
    """The iUPD exam a later exam is compared with."""

    date_iso: str
    categories: frozenset[str]
    sum_tenths: int | None
    new_count: int
    new_sum_tenths: int


def _tenths(mm: float | None) -> int | None:
    return None if mm is None else round(mm * 10)


def _progressed_categories(result: TimepointResult) -> frozenset[str]:
    categories = set()
    if result.target_response is Response.PD:
        categories.add("target")
    if result.non_target_response is Response.PD:
        categories.add("non-target")
    if result.new_lesions is NewLesions.UNEQUIVOCAL:
        categories.add("new lesions")
    return frozenset(categories)


def _confirmation_reason(result: TimepointResult, pending: _Unconfirmed) -> str | None:
    """Why this exam confirms the pending iUPD, or None."""
    total = _tenths(result.sum_mm)
    if "target" in pending.categories:
        if total is not None and pending.sum_tenths is not None:
            growth = total - pending.sum_tenths
            if growth >= PD_ABSOLUTE_TENTHS:
                return f"target sum +{format_mm(growth)} since iUPD"
    elif result.target_response is Response.PD:
        return "targets now progress too"
    if result.non_target_response is Response.PD:
        if "non-target" in pending.categories:
            return "non-target disease grows further"
        return "non-target disease now progresses"
    if result.new_lesions is NewLesions.UNEQUIVOCAL:
        if "new lesions" not in pending.categories:
            return "new lesion since iUPD"
        if result.new_lesion_count > pending.new_count:
            return "more new lesions than at iUPD"
        new_sum = _tenths(result.new_lesion_sum_mm) or 0
        if new_sum - pending.new_sum_tenths >= PD_ABSOLUTE_TENTHS:
            return f"new lesions +{format_mm(new_sum - pending.new_sum_tenths)} since iUPD"
    return None


def _pending_from(result: TimepointResult) -> _Unconfirmed:
    return _Unconfirmed(
        result.date.isoformat(),
        _progressed_categories(result) or frozenset({"overall"}),
        _tenths(result.sum_mm),
        result.new_lesion_count,
        _tenths(result.new_lesion_sum_mm) or 0,
    )


def _relabel(result: TimepointResult, response: Response, note: str) -> TimepointResult:
    return replace(
        result, overall_response=response, explanation=f"{result.explanation}; iRECIST {note}"
    )


def apply_irecist(results: Sequence[TimepointResult]) -> list[TimepointResult]:
    """Relabel RECIST 1.1 timepoints (in date order) with iRECIST overall responses."""
    relabelled: list[TimepointResult] = []
    pending: _Unconfirmed | None = None
    confirmed_on: str | None = None
    for result in results:
        if confirmed_on is not None:
            relabelled.append(_relabel(result, Response.ICPD, f"iCPD (confirmed {confirmed_on})"))
            continue
        if pending is None:
            if result.overall_response is Response.PD:
                pending = _pending_from(result)
                why = ", ".join(sorted(pending.categories))
                relabelled.append(_relabel(result, Response.IUPD, f"iUPD ({why}), to confirm"))
            else:
                response = _TO_IRECIST.get(result.overall_response, Response.INE)
                relabelled.append(_relabel(result, response, str(response)))
            continue
        reason = _confirmation_reason(result, pending)
        if reason is not None:
            confirmed_on = result.date.isoformat()
            relabelled.append(_relabel(result, Response.ICPD, f"iCPD: {reason}"))
        elif not _progressed_categories(result) and result.overall_response not in _NO_RESET:
            response = _TO_IRECIST.get(result.overall_response, Response.INE)
            pending = None
            relabelled.append(_relabel(result, response, f"{response}: iUPD not confirmed, reset"))
        else:
            relabelled.append(
                _relabel(result, Response.IUPD, f"iUPD persists (since {pending.date_iso})")
            )
    return relabelled
