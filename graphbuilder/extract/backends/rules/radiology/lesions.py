"""Lesions in the findings of a radiology report.

Each sentence is read left to right as a stream of items: lesion nouns, places (segment VI,
LSD), organ words, sizes (current or earlier), statuses, target words and sides. A lesion
record opens at a lesion noun, or at a place or size that follows a finished record ("segment
VI : 25 mm, segment VIII : 15 mm"); the other items attach to the open record. Records then get
their organ (noun, place, organ word, or the "Foie :" label above them) and are kept only when
they say something measurable or a status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from graphbuilder.extract.backends.rules.dates.finder import DateMention, Precision
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention
from graphbuilder.extract.backends.rules.radiology import patterns
from graphbuilder.extract.backends.rules.radiology.anatomy import Found, Place
from graphbuilder.extract.backends.rules.radiology.items import Item, ItemIndex
from graphbuilder.extract.backends.rules.sizes.finder import SizeMention
from graphbuilder.extract.backends.rules.text.document import ReportText, Sentence
from graphbuilder.extract.model import Laterality, LesionStatus, Organ, TargetRole

SKIPPED_SECTIONS = frozenset(
    {"indication", "technique", "comparison", "history", "family_history", "plan", "treatment"}
)
_OPENING = frozenset({"head", "place", "size", "earlier"})
_SEPARATOR = re.compile(r"[,;]|\bet\b|\bpuis\b|\bainsi que\b")


@dataclass
class LesionRecord:
    """One lesion as the sentence describes it, before it becomes a `Lesion`."""

    sentence: Sentence
    head: Found[bool] | None = None  # value: nodal noun
    plural: bool = False
    place: Found[Place] | None = None
    organ: Found[Organ] | None = None
    size: SizeMention | None = None
    axis: str | None = None  # "long" or "short" when the text names the axis of a single size
    short: SizeMention | None = None  # a short axis written on its own
    earlier: SizeMention | None = None
    earlier_date: DateMention | None = None
    status: Found[LesionStatus] | None = None
    target: Found[TargetRole] | None = None
    sides: list[Found[Laterality]] = field(default_factory=list)
    mention: Mention | None = None
    # the noun is another record's: "la masse du LSD mesure 30 mm, entourée de verre dépoli du
    # lobe inférieur" names one lesion, so a second place alone does not make a second one
    borrowed_head: bool = False

    @property
    def names_one_lesion(self) -> bool:
        """A singular lesion noun of its own ("la masse", not "les lésions")."""
        return self.head is not None and not self.plural and not self.borrowed_head

    @property
    def anchor(self) -> tuple[int, int]:
        for item in (self.head, self.place, self.size, self.organ, self.status):
            if item is not None:
                return item.start, item.end
        return self.sentence.start, self.sentence.end

    @property
    def end(self) -> int:
        ends = [
            item.end
            for item in (self.head, self.place, self.size, self.earlier, self.organ)
            if item is not None
        ]
        return max(ends, default=self.sentence.start)


def find_lesion_records(report: ReportText, dates: list[DateMention]) -> list[LesionRecord]:
    """Every candidate lesion of the report's findings, with the mention to qualify."""
    records: list[LesionRecord] = []
    index = ItemIndex(report)
    for sentence in report.sentences:
        if report.section_at(sentence.start) in SKIPPED_SECTIONS:
            continue
        items = index.for_sentence(sentence)
        if not any(item.kind in _OPENING for item in items):
            continue
        found = _read_sentence(report, sentence, items, dates)
        if found and records and _is_orphan(found[0]):
            previous = records[-1]
            if _continues(report, previous, found[0]):
                _merge_into(previous, found.pop(0))
        records.extend(found)
    for record in records:
        if record.size is not None or record.status is not None or record.names_one_lesion:
            start, end = record.anchor
            record.mention = Mention(start, end)
    return records


def _read_sentence(
    report: ReportText, sentence: Sentence, items: list[Item], dates: list[DateMention]
) -> list[LesionRecord]:
    reader = _SentenceReader(report, sentence)
    for item in items:
        reader.read(item)
    for record in reader.records:
        _attach_earlier_date(report, record, dates)
    return reader.records


class _SentenceReader:
    """Reads a sentence's items left to right into lesion records (see the module docstring)."""

    def __init__(self, report: ReportText, sentence: Sentence) -> None:
        self.report = report
        self.sentence = sentence
        self.records: list[LesionRecord] = []
        self.current: LesionRecord | None = None
        self.pending: list[Item] = []  # statuses, sides... met before their lesion

    def read(self, item: Item) -> None:
        handler = {"head": self._head, "place": self._place, "size": self._size}.get(item.kind)
        if handler is not None:
            handler(item)
        elif item.kind == "earlier":
            if self.current is not None and self.current.earlier is None:
                self.current.earlier = cast(SizeMention, item.value)
        elif self.current is None or (
            item.kind == "status" and _status_waits(self.report, self.current, item)
        ):
            self.pending.append(item)
        else:
            _attach(self.current, item)

    def _open(self, clone_from: LesionRecord | None = None) -> LesionRecord:
        record = LesionRecord(self.sentence)
        if clone_from is not None:
            record.head, record.plural = clone_from.head, clone_from.plural
            record.organ, record.target = clone_from.organ, clone_from.target
            record.status = clone_from.status if clone_from.plural else None
        for waiting in self.pending:
            _attach(record, waiting)
        self.pending.clear()
        self.records.append(record)
        self.current = record
        return record

    def _head(self, item: Item) -> None:
        current = self.current
        # "Cible 2 - lésion hépatique du S6": the target label and the noun are one lesion
        if current is None or (
            not _labelled_target(self.report, current)
            and (current.head is not None or current.size is not None)
        ):
            current = self._open()
        else:  # "Cible 1 : plus d'individualisation du ganglion": the status waited for it
            for waiting in self.pending:
                _attach(current, waiting)
            self.pending.clear()
        current.head = Found(bool(item.value), item.start, item.end)
        written = self.report.folded[item.start : item.end]
        current.plural = bool(patterns.PLURAL_HEAD.search(written))

    def _place(self, item: Item) -> None:
        place = cast(Place, item.value)
        current = self.current
        if current is None:
            current = self._open()
        elif current.place is not None and _one_lesion_on_two_places(current, place):
            # "lésion à cheval sur les segments VI et VII": one lesion, both segments
            joined = Place(place.organ, f"{current.place.value.location}-{place.location}")
            current.place = Found(joined, current.place.start, item.end)
            return
        elif current.place is not None or (current.size and _separated(self.report, current, item)):
            singular = not current.plural
            current = self._open(clone_from=current)
            current.borrowed_head = singular
        current.place = Found(place, item.start, item.end)

    def _size(self, item: Item) -> None:
        size = cast(SizeMention, item.value)
        axis = _axis(self.report, size)
        current = self.current
        if current is None:
            current = self._open()
        elif _superlative_before(self.report, current, item):
            current = self._open(clone_from=current)
            current.place = None
        elif current.size is not None:
            if axis == "short" and current.short is None and current.size.short_mm is None:
                current.short = size  # "25 mm de grand axe et 12 mm de petit axe"
                return
            if not (size.listed or current.plural or _separated(self.report, current, item)):
                return
            shared_place = current.place
            current = self._open(clone_from=current)
            current.place = shared_place  # "deux nodules du LSD de 12 et 8 mm": same place
        current.size, current.axis = size, axis


def _one_lesion_on_two_places(current: LesionRecord, place: Place) -> bool:
    assert current.place is not None
    listed = place.list_size > 1 and current.place.value.list_size > 1
    return listed and current.size is None and not current.plural


def _labelled_target(report: ReportText, current: LesionRecord) -> bool:
    """The open record is a bare "Cible 2" label, waiting for its lesion noun."""
    if current.head is None or current.size or current.place:
        return False
    return report.folded.startswith("cible", current.head.start)


def _status_waits(report: ReportText, current: LesionRecord, item: Item) -> bool:
    """A status goes to the next lesion when a noun follows it ("nouvelle lésion") or when it
    comes after a finished lesion ("..., apparition d'un nodule")."""
    _, binds_forward = cast(tuple[LesionStatus, bool], item.value)
    return binds_forward or (current.size is not None and _separated(report, current, item))


def _attach(record: LesionRecord, item: Item) -> None:
    if item.kind == "organ" and record.organ is None:
        record.organ = Found(item.value, item.start, item.end)  # type: ignore[arg-type]
    elif item.kind == "status" and record.status is None:
        record.status = Found(item.value[0], item.start, item.end)  # type: ignore[index]
    elif item.kind == "target" and record.target is None:
        record.target = Found(item.value, item.start, item.end)  # type: ignore[arg-type]
    elif item.kind == "side":
        record.sides.append(Found(item.value, item.start, item.end))  # type: ignore[arg-type]


def _superlative_before(report: ReportText, record: LesionRecord, item: Item) -> bool:
    """ "(segments VI, VIII et IVa), la plus volumineuse de 32 mm dans le segment VI"."""
    before = report.folded[max(record.sentence.start, item.start - 35) : item.start]
    return bool(patterns.SUPERLATIVE.search(before))


def _axis(report: ReportText, size: SizeMention) -> str | None:
    after = report.folded[size.end : size.end + 30]
    before = report.folded[max(0, size.start - 30) : size.start]
    if patterns.SHORT_AXIS.match(after):
        return "short"
    if patterns.LONG_AXIS.match(after):
        return "long"
    if match := patterns.AXIS_BEFORE.search(before):
        return "short" if match["axis"] == "petit" else "long"
    return None


def _separated(report: ReportText, record: LesionRecord, item: Item) -> bool:
    """A comma, ';' or 'et' between the record's last item and this one starts a new lesion."""
    last = max(
        (record.size.end if record.size else 0),
        (record.earlier.end if record.earlier else 0),
        record.anchor[1],
    )
    return bool(_SEPARATOR.search(report.folded, last, item.start))


def _is_orphan(record: LesionRecord) -> bool:
    return record.head is None and record.place is None and record.organ is None


def _continues(report: ReportText, previous: LesionRecord, orphan: LesionRecord) -> bool:
    """ "Nodule du LSD. Il mesure 12 mm": sizes of the next sentence complete the lesion."""
    gap = report.folded[previous.sentence.end : orphan.sentence.start]
    return previous.size is None and orphan.size is not None and "\n\n" not in gap


def _merge_into(previous: LesionRecord, orphan: LesionRecord) -> None:
    previous.size, previous.axis, previous.short = orphan.size, orphan.axis, orphan.short
    previous.earlier = previous.earlier or orphan.earlier
    previous.earlier_date = previous.earlier_date or orphan.earlier_date
    previous.status = previous.status or orphan.status


def _attach_earlier_date(
    report: ReportText, record: LesionRecord, dates: list[DateMention]
) -> None:
    if record.earlier is None:
        return
    window_end = min(record.sentence.end, record.earlier.end + 45)
    for date in dates:
        if date.precision is Precision.DAY and record.earlier.end <= date.start < window_end:
            between = report.folded[record.earlier.end : date.start]
            if not re.search(r"\d\s*(?:mm|cm)", between):
                record.earlier_date = date
                return
    window_start = max(record.sentence.start, record.earlier.start - 45)
    announced = patterns.EARLIER_BEFORE.search(report.folded[window_start : record.earlier.start])
    for date in reversed(dates):
        in_window = window_start <= date.start < record.earlier.start
        if announced and in_window and date.precision is Precision.DAY:
            record.earlier_date = date
            return
