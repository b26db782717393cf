"""Best overall response of a treatment line from its dated timepoint responses.

Eisenhauer 2009 §4.4.3 and Table 3, §4.6.1-4.6.3. Only timepoints up to the first PD count
(up to the first iCPD under iRECIST). With confirmation, a CR needs a later CR and a PR a later
CR or PR at least `min_confirm_days` after it, with nothing but NE (or responses too early to
confirm) in between. An unconfirmed CR or PR, like SD, counts as SD only once it is at least
`min_sd_days` after the reference date (line start or baseline); otherwise the best response is
PD if progression followed, NE if not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from graphbuilder.rules.recist.model import BestResponse, DatedResponse, RecistOptions, Response

# Each category reduced to its role, whatever the vocabulary (RECIST 1.1 or iRECIST).
_KIND: dict[Response, str] = {
    Response.CR: "CR",
    Response.ICR: "CR",
    Response.PR: "PR",
    Response.IPR: "PR",
    Response.SD: "SD",
    Response.ISD: "SD",
    Response.NON_CR_NON_PD: "NN",
    Response.INON_CR_NON_UPD: "NN",
    Response.PD: "PD",
    Response.ICPD: "PD",
    Response.IUPD: "UPD",
    Response.NE: "NE",
    Response.INE: "NE",
    Response.NONE: "NE",
}
_RECIST_LABEL = {
    "CR": Response.CR,
    "PR": Response.PR,
    "SD": Response.SD,
    "NN": Response.NON_CR_NON_PD,
    "PD": Response.PD,
    "NE": Response.NE,
    "UPD": Response.IUPD,
}
_IRECIST_LABEL = {
    "CR": Response.ICR,
    "PR": Response.IPR,
    "SD": Response.ISD,
    "NN": Response.INON_CR_NON_UPD,
    "PD": Response.ICPD,
    "NE": Response.INE,
    "UPD": Response.IUPD,
}
_IRECIST_ONLY = frozenset(
    {
        Response.ICR,
        Response.IPR,
        Response.ISD,
        Response.INON_CR_NON_UPD,
        Response.IUPD,
        Response.ICPD,
        Response.INE,
    }
)


def _confirmation(
    timeline: Sequence[tuple[dt.date, str]], index: int, accepted: frozenset[str], days: int
) -> dt.date | None:
    """The date of the first later timepoint confirming timeline[index], if any."""
    start = timeline[index][0]
    for date, kind in timeline[index + 1 :]:
        if kind == "NE":
            continue
        if kind not in accepted:
            return None
        if (date - start).days >= days:
            return date
    return None


def _first_confirmed(
    timeline: Sequence[tuple[dt.date, str]], kinds: frozenset[str], days: int
) -> tuple[dt.date, dt.date] | None:
    for index, (date, kind) in enumerate(timeline):
        if kind in kinds:
            confirmed_on = _confirmation(timeline, index, kinds, days)
            if confirmed_on is not None:
                return date, confirmed_on
    return None


def _stable_long_enough(
    timeline: Sequence[tuple[dt.date, str]],
    kinds: frozenset[str],
    reference: dt.date | None,
    min_days: int,
) -> tuple[dt.date, str] | None:
    for date, kind in timeline:
        if kind in kinds and (reference is None or (date - reference).days >= min_days):
            return date, kind
    return None


def _sd_after_complete_response(timeline: Sequence[tuple[dt.date, str]]) -> dt.date | None:
    """Table 3, "CR then SD": without SD of the minimum duration, that is PD."""
    seen_complete = False
    for date, kind in timeline:
        if kind == "SD" and seen_complete:
            return date
        seen_complete = seen_complete or kind == "CR"
    return None


def _truncate_at_progression(timeline: list[tuple[dt.date, str]]) -> list[tuple[dt.date, str]]:
    for index, (_, kind) in enumerate(timeline):
        if kind == "PD":
            return timeline[: index + 1]
    return timeline


def best_overall_response(
    responses: Sequence[DatedResponse],
    reference_date: dt.date | None,
    options: RecistOptions,
) -> BestResponse:
    """Best overall response (and the date it was first met) of one line.

    `reference_date` is where stable disease duration counts from (the line start, or the
    baseline exam); None means the minimum SD duration cannot be checked and is not applied.
    """
    irecist = options.irecist or any(r.response in _IRECIST_ONLY for r in responses)
    labels = _IRECIST_LABEL if irecist else _RECIST_LABEL
    ordered = sorted(responses, key=lambda r: r.date)
    timeline = _truncate_at_progression([(r.date, _KIND[r.response]) for r in ordered])
    if not timeline:
        return BestResponse(labels["NE"], None, f"{labels['NE']}: no follow-up assessment")
    if options.confirm:
        found = _best_confirmed(timeline, reference_date, options)
    else:
        found = _best_unconfirmed(timeline, reference_date, options)
    kind, date, why = found
    label = labels[kind]
    on = f" on {date}" if date is not None else ""
    return BestResponse(label, date, f"{label}{on}: {why}")


_Found = tuple[str, dt.date | None, str]


def _sd_phrase(reference: dt.date | None, date: dt.date, options: RecistOptions) -> str:
    if reference is None:
        return "no line start or baseline date, SD duration not checked"
    days = (date - reference).days
    return f"{days} days after {reference} (SD needs >= {options.min_sd_days})"


def _best_confirmed(
    timeline: Sequence[tuple[dt.date, str]], reference: dt.date | None, options: RecistOptions
) -> _Found:
    days = options.min_confirm_days
    complete = _first_confirmed(timeline, frozenset({"CR"}), days)
    if complete is not None:
        return "CR", complete[0], f"confirmed on {complete[1]} (>= {days} days later)"
    partial = _first_confirmed(timeline, frozenset({"CR", "PR"}), days)
    if partial is not None:
        return "PR", partial[0], f"confirmed on {partial[1]} (>= {days} days later)"
    unconfirmed = any(kind in ("CR", "PR") for _, kind in timeline)
    note = "response not confirmed; " if unconfirmed else ""
    return _stable_or_worse(timeline, reference, options, note)


def _best_unconfirmed(
    timeline: Sequence[tuple[dt.date, str]], reference: dt.date | None, options: RecistOptions
) -> _Found:
    for kind in ("CR", "PR"):
        date = next((date for date, k in timeline if k == kind), None)
        if date is not None:
            return kind, date, "confirmation not required"
    return _stable_or_worse(timeline, reference, options, "")


def _stable_or_worse(
    timeline: Sequence[tuple[dt.date, str]],
    reference: dt.date | None,
    options: RecistOptions,
    note: str,
) -> _Found:
    stable_kinds = frozenset({"CR", "PR", "SD", "NN"})
    stable = _stable_long_enough(timeline, stable_kinds, reference, options.min_sd_days)
    if stable is not None:
        date, kind = stable
        return ("NN" if kind == "NN" else "SD"), date, note + _sd_phrase(reference, date, options)
    too_short = any(kind in stable_kinds for _, kind in timeline)
    if too_short:
        note += f"stable disease before day {options.min_sd_days} does not count; "
    relapse = _sd_after_complete_response(timeline)
    if relapse is not None:
        return "PD", relapse, note + "SD after CR means the disease came back"
    for worst in ("PD", "UPD"):
        first = next((date for date, kind in timeline if kind == worst), None)
        if first is not None:
            return worst, first, note + "progression"
    return "NE", None, note + "no evaluable response"
