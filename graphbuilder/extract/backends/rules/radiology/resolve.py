"""From lesion records to `Lesion` models: organ, place, side, sizes, status, role.

A record becomes a lesion only when it has an organ and says something that matters: a size,
or a status other than present (new, gone, too small). Negated, hypothetical, historical and
family mentions never become lesions, except that "l'adénopathie n'est plus visible" is a
lesion that disappeared.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphbuilder.extract.backends.rules.radiology import anatomy, patterns
from graphbuilder.extract.backends.rules.radiology.anatomy import Found, Scope
from graphbuilder.extract.backends.rules.radiology.lesions import LesionRecord, _axis
from graphbuilder.extract.backends.rules.sizes.finder import SizeMention
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.text.evidenced import Value, drop_none, evidenced
from graphbuilder.extract.model import Laterality, Lesion, LesionStatus, Organ, TargetRole

# Organs whose "droit"/"gauche" is a part of the organ, not a side of the body.
_UNSIDED = frozenset(
    {
        Organ.LIVER,
        Organ.PERITONEUM,
        Organ.SPLEEN,
        Organ.PANCREAS,
        Organ.COLON,
        Organ.RECTUM,
        Organ.PROSTATE,
    }
)


@dataclass(frozen=True)
class Context:
    """What holds over several sentences: organ labels and target lists."""

    organ_labels: list[Scope[Organ]]
    target_lists: list[Scope[bool]]


def build_context(report: ReportText) -> Context:
    return Context(anatomy.organ_label_scopes(report), anatomy.target_list_scopes(report.folded))


def to_lesion(report: ReportText, record: LesionRecord, context: Context) -> Lesion | None:
    """The lesion a record describes, or None when it is not one to keep."""
    mention = record.mention
    status = record.status
    gone = status is not None and status.value is LesionStatus.DISAPPEARED
    if mention is not None and not gone and not mention.is_current_fact:
        return None
    if mention is not None and (mention.hypothetical or mention.family or mention.historical):
        return None
    if _benign(report, record):
        return None
    if record.head is None and record.place is None:
        return None  # "Rate de 11 cm": an organ's size, not a lesion
    organ, nodal_found = _organ(report, record, context)
    if organ is None or nodal_found is None:
        return None
    nodal = organ.value is Organ.LYMPH_NODE
    unmeasured = record.size is None and (status is None or status.value is LesionStatus.PRESENT)
    # unmeasured and merely present: kept only when one lesion is named at a precise place
    # ("lésion lytique de T12"), not for "les lésions hépatiques"
    if unmeasured and not (
        record.names_one_lesion and _location(report, record, organ.value, nodal)
    ):
        return None
    long_axis, short_axis = _axes(report, record, nodal)
    return _build(report, record, context, organ, nodal_found, nodal, long_axis, short_axis)


def _build(
    report: ReportText,
    record: LesionRecord,
    context: Context,
    organ: Found[Organ],
    nodal_found: Found[bool],
    nodal: bool,
    long_axis: Value | None,
    short_axis: Value | None,
) -> Lesion | None:
    anchor = record.anchor
    status = record.status or Found(LesionStatus.PRESENT, anchor[0], anchor[1])
    evidences = {
        "organ": _evidenced(report, organ),
        "nodal": _evidenced(report, Found(nodal, nodal_found.start, nodal_found.end)),
        "status": _evidenced(report, status),
    }
    if any(value is None for value in evidences.values()):
        return None
    location = _location(report, record, organ.value, nodal)
    side = _side(record, organ.value, context)
    target = record.target or _listed_target(record, status, context)
    fields = {
        **evidences,
        "location": _evidenced(report, location) if location else None,
        "laterality": _evidenced(report, side) if side else None,
        "long_axis_mm": long_axis,
        "short_axis_mm": short_axis,
        "previous": _previous(report, record, long_axis is None),
        "target": _evidenced(report, target) if target else None,
    }
    return Lesion.model_validate(drop_none(fields))


def _organ(
    report: ReportText, record: LesionRecord, context: Context
) -> tuple[Found[Organ] | None, Found[bool] | None]:
    """The organ and the span that says whether the lesion is a node."""
    head = record.head
    label = next(
        (
            scope.value
            for scope in context.organ_labels
            if scope.start <= record.anchor[0] < scope.end
        ),
        None,
    )
    if head is not None and head.value:
        return Found(Organ.LYMPH_NODE, head.start, head.end), head
    candidates = [
        found
        for found in (
            record.organ if record.organ and record.organ.value is Organ.LYMPH_NODE else None,
            _place_organ(record),
            record.organ,
            label,
        )
        if found is not None
    ]
    if not candidates:
        return None, None
    organ = candidates[0]
    nodal_span = head if head is not None else organ
    return organ, Found(organ.value is Organ.LYMPH_NODE, nodal_span.start, nodal_span.end)


def _benign(report: ReportText, record: LesionRecord) -> bool:
    """ "Kyste biliaire", "nodule calcifié", "ganglions d'aspect réactionnel": the words around
    the lesion's noun or place (up to the next comma) say it is not a tumour lesion."""
    anchor_start, anchor_end = record.anchor
    stop = report.folded.find(",", anchor_end, record.sentence.end)
    end = min(stop if stop >= 0 else record.sentence.end, anchor_end + 60)
    start = max(record.sentence.start, anchor_start - 25)
    return bool(patterns.BENIGN.search(report.folded, start, end))


def _place_organ(record: LesionRecord) -> Found[Organ] | None:
    if record.place is None:
        return None
    return Found(record.place.value.organ, record.place.start, record.place.end)


def _location(
    report: ReportText, record: LesionRecord, organ: Organ, nodal: bool
) -> Found[str] | None:
    if nodal:
        start = record.head.end if record.head else record.sentence.start
        station = anatomy.node_station(report, start, record.sentence.end)
        if station is None and record.head is not None:
            station = anatomy.node_station(report, record.sentence.start, record.head.start)
        return station
    if record.place is not None and record.place.value.organ is organ:
        return Found(record.place.value.location, record.place.start, record.place.end)
    if organ is Organ.BONE:
        return anatomy.bone_site(report, record.sentence.start, record.sentence.end)
    return None


def _side(record: LesionRecord, organ: Organ, context: Context) -> Found[Laterality] | None:
    if organ in _UNSIDED:
        return None
    if record.sides:
        return record.sides[0]
    place = record.place
    if place is not None and place.value.laterality is not None:
        return Found(place.value.laterality, place.start, place.end)
    for scope in context.organ_labels:  # "Sein gauche :" above the lesion
        if scope.start <= record.anchor[0] < scope.end and scope.side is not None:
            return scope.side
    return None


def _listed_target(
    record: LesionRecord, status: Found[LesionStatus], context: Context
) -> Found[TargetRole] | None:
    if status.value is LesionStatus.NEW:  # a new lesion is no item of a list of known ones
        return None
    for scope in reversed(context.target_lists):  # the closest list above wins
        if scope.start <= record.anchor[0] < scope.end:
            role = TargetRole.TARGET if scope.value.value else TargetRole.NON_TARGET
            return Found(role, scope.value.start, scope.value.end)
    return None


def _axes(
    report: ReportText, record: LesionRecord, nodal: bool
) -> tuple[Value | None, Value | None]:
    size = record.size
    if size is None:
        return None, None
    long_axis = _length(report, size, size.long_mm)
    short_axis = _length(report, size, size.short_mm) if size.short_mm is not None else None
    if size.short_mm is None and record.axis == "short":
        long_axis, short_axis = None, long_axis
    if record.short is not None and short_axis is None:
        short_axis = _length(report, record.short, record.short.long_mm)
    return long_axis, short_axis


def _previous(report: ReportText, record: LesionRecord, short_only: bool) -> Value | None:
    earlier = record.earlier
    if earlier is None:
        return None
    if earlier.short_mm is None and (short_only or _axis(report, earlier) == "short"):
        # The model keeps a long axis for an earlier size, which a lone short axis has not; a
        # lone earlier size beside a current short axis ("8 mm de petit axe, contre 10 mm") is
        # most likely a short axis too. Two axes ("contre 12 x 10 mm") say which is which.
        return None
    long_axis = _length(report, earlier, earlier.long_mm)
    if long_axis is None:
        return None
    short_axis = _length(report, earlier, earlier.short_mm) if earlier.short_mm else None
    date = None
    if record.earlier_date is not None:
        found = Found(record.earlier_date.value, record.earlier_date.start, record.earlier_date.end)
        date = _evidenced(report, found)
    return drop_none({"long_axis_mm": long_axis, "short_axis_mm": short_axis, "date": date})


def _length(report: ReportText, size: SizeMention, value: float | None) -> Value | None:
    return None if value is None else evidenced(report, value, size.start, size.end)


def _evidenced(report: ReportText, found: Found[Any]) -> Value | None:
    return evidenced(report, found.value, found.start, found.end)
