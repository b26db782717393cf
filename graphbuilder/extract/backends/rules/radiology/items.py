"""The items a radiology sentence is read as: lesion nouns, places, organ words, sizes,
statuses, target words and sides. Each pattern runs once over the whole report; a sentence
then takes its share, which is far cheaper than running every pattern sentence by sentence."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from graphbuilder.extract.backends.rules.radiology import anatomy, patterns
from graphbuilder.extract.backends.rules.sizes.finder import find_sizes
from graphbuilder.extract.backends.rules.text.document import ReportText, Sentence
from graphbuilder.extract.model import LesionStatus, TargetRole

# "nouvelle lésion", "apparition d'une adénopathie": the status belongs to the noun after it.
_HEAD_FOLLOWS = re.compile(
    r"\s*(?:d'|de |des |du )?\s*(?:une? |deux |trois |plusieurs |quelques |nouve\w+ )?\s*"
    r"(?:lesion|nodule|micronodule|masse|metastase|adenopathie|adp|localisation|foyer|"
    r"implant|ganglion|cible|image|formation|lacune|tumeur)"
)
_STATUSES = (
    (patterns.NEW, LesionStatus.NEW),
    (patterns.DISAPPEARED, LesionStatus.DISAPPEARED),
    (patterns.TOO_SMALL, LesionStatus.TOO_SMALL),
)
_KIND_ORDER = {"head": 0, "place": 1, "organ": 2}


@dataclass
class Item:
    start: int
    end: int
    kind: str  # head, place, organ, size, earlier, target, status, side
    value: object = None


class ItemIndex:
    """Every item of a report, found once, handed out sentence by sentence."""

    def __init__(self, report: ReportText) -> None:
        self.report = report
        folded, end = report.folded, len(report.folded)
        found: list[Item] = []
        for _, match in patterns.LESION_HEAD.finditer(folded):
            nodal = bool(patterns.NODAL_HEAD.search(match.group()))
            found.append(Item(match.start(), match.end(), "head", nodal))
        places = anatomy.places(report, 0, end)
        found += [Item(p.start, p.end, "place", p.value) for p in places]
        found += [Item(o.start, o.end, "organ", o.value) for o in anatomy.organs(folded, 0, end)]
        speaks_of_targets = "cible" in folded
        for match in patterns.TARGET.finditer(folded):
            if match["label"] and not speaks_of_targets:
                continue
            role = TargetRole.NON_TARGET if match["non"] else TargetRole.TARGET
            found.append(Item(match.start(), match.end(), "target", role))
        for pattern, status in _STATUSES:
            for match in pattern.finditer(folded):
                stop = report.sentence_at(match.start()).end
                forward = bool(_HEAD_FOLLOWS.match(folded, match.end(), stop))
                found.append(Item(match.start(), match.end(), "status", (status, forward)))
        place_spans = [(p.start, p.end) for p in places]
        for side in anatomy.lateralities(report, 0, end):
            if not any(start <= side.start < stop for start, stop in place_spans):
                found.append(Item(side.start, side.end, "side", side.value))
        found.sort(key=lambda item: item.start)
        self._items = found
        self._starts = [item.start for item in found]
        self._sizes = find_sizes(folded)
        self._size_starts = [size.start for size in self._sizes]

    def for_sentence(self, sentence: Sentence) -> list[Item]:
        low = bisect_left(self._starts, sentence.start)
        high = bisect_left(self._starts, sentence.end)
        items = [item for item in self._items[low:high] if item.end <= sentence.end]
        items += self._size_items(sentence)
        return sorted(items, key=lambda item: (item.start, _KIND_ORDER.get(item.kind, 3)))

    def _size_items(self, sentence: Sentence) -> list[Item]:
        folded = self.report.folded
        low = bisect_left(self._size_starts, sentence.start)
        high = bisect_left(self._size_starts, sentence.end)
        items: list[Item] = []
        previous_end = sentence.start
        for size in self._sizes[low:high]:
            if size.end > sentence.end:
                continue
            before = folded[max(previous_end, size.start - 60) : size.start]
            after = folded[size.end : min(sentence.end, size.end + 40)]
            previous_end = size.end
            if patterns.NOT_A_LESION_SIZE_BEFORE.search(before) or patterns.NADIR.search(before):
                continue
            if patterns.DISTANCE_BEFORE.search(before) and patterns.DISTANCE_AFTER.match(after):
                continue
            earlier = (
                size.earlier
                or bool(patterns.EARLIER_BEFORE.search(before))
                or bool(patterns.EARLIER_AFTER.match(after))
                or (bool(patterns.OPEN_PAREN.search(before)) and _follows_a_size(items))
            )
            items.append(Item(size.start, size.end, "earlier" if earlier else "size", size))
        return items


def _follows_a_size(items: list[Item]) -> bool:
    """ "25 mm (18 mm)": a size in brackets right after a current size is the earlier one."""
    return bool(items) and items[-1].kind == "size"
