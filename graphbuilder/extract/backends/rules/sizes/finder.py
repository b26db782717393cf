"""Finding lengths in millimetres with their spans.

One `SizeMention` per written size: its axes in mm (largest first), whether it is a range
written as "12-13 mm" (its value is then the middle) and, for "12 et 8 mm", one mention per
number so that each lesion gets its own size.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphbuilder.extract.backends.rules.sizes import patterns

MAX_PLAUSIBLE_MM = 400.0


@dataclass(frozen=True)
class SizeMention:
    start: int
    end: int
    axes_mm: tuple[float, ...]  # largest first
    listed: bool = False  # one of "12 et 8 mm"
    earlier: bool = False  # the first size of "passant de 18 à 25 mm"

    @property
    def long_mm(self) -> float:
        return self.axes_mm[0]

    @property
    def short_mm(self) -> float | None:
        return self.axes_mm[-1] if len(self.axes_mm) > 1 else None


def to_mm(number: str, unit: str) -> float:
    value = float(number.replace(",", "."))
    return round(value * 10, 2) if unit.startswith("c") else value


def find_sizes(folded: str, start: int = 0, end: int | None = None) -> list[SizeMention]:
    """Every length written in folded[start:end], in text order, without overlaps.

    Forms are read from the most to the least specific ("passant de 18 à 25 mm", "15 x 12 mm",
    "12 et 8 mm", "12-13 mm", "20 mm"); a span taken by one form is not read again.
    """
    found = _Found()
    stop = len(folded) if end is None else end
    _transitions(folded, start, stop, found)
    _dimensions(folded, start, stop, found)
    _lists(folded, start, stop, found)
    for match in patterns.RANGE.finditer(folded, start, stop):
        low, high = to_mm(match["a"], match["unit"]), to_mm(match["b"], match["unit"])
        if low < high <= 2 * low:  # "12-13 mm" is one uncertain size, "5-40 mm" is not
            found.keep(match.start(), match.end(), (round((low + high) / 2, 2),))
    for match in patterns.SINGLE.finditer(folded, start, stop):
        found.keep(match.start(), match.end(), (to_mm(match["a"], match["unit"]),))
    return sorted(found.sizes, key=lambda size: size.start)


class _Found:
    """Sizes found so far and the spans they take."""

    def __init__(self) -> None:
        self.sizes: list[SizeMention] = []
        self.taken: list[tuple[int, int]] = []

    def free(self, start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in self.taken)

    def keep(self, start: int, end: int, axes: tuple[float, ...]) -> None:
        if self.free(start, end) and all(0 < axis <= MAX_PLAUSIBLE_MM for axis in axes):
            self.sizes.append(SizeMention(start, end, axes))
            self.taken.append((start, end))


def _transitions(folded: str, start: int, end: int, found: _Found) -> None:
    """ "passant de 18 à 25 mm", "18 mm -> 25 mm": an earlier and a current size."""
    for match in patterns.TRANSITION.finditer(folded, start, end):
        before = folded[max(0, match.start() - 30) : match.start()]
        if match["arrow"] == "a" and not patterns.CHANGE_BEFORE.search(before):
            continue  # "12 à 13 mm" is a range, not a change
        unit = match["unit"]
        first_end = match.end("ua") if match["ua"] else match.end("a")
        earlier = (to_mm(match["a"], match["ua"] or unit),)
        found.sizes.append(SizeMention(match.start("a"), first_end, earlier, earlier=True))
        current = (to_mm(match["b"], unit),)
        found.sizes.append(SizeMention(match.start("b"), match.end("unit"), current))
        found.taken.append((match.start("a"), match.end()))


def _dimensions(folded: str, start: int, end: int, found: _Found) -> None:
    """ "15 x 12 mm", "2,5 cm x 1,8 cm", "30 x 25 x 20 mm": axes largest first."""
    for match in patterns.DIMENSIONS.finditer(folded, start, end):
        unit = match["unit"] or match["ub"]
        if unit is None or (match["c"] and not match["unit"]):
            continue
        numbers = [match["a"], match["b"]] + ([match["c"]] if match["c"] else [])
        units = [match["ua"] or unit, match["ub"] or unit, unit][: len(numbers)]
        axes = sorted((to_mm(n, u) for n, u in zip(numbers, units, strict=True)), reverse=True)
        found.keep(match.start(), match.end(), tuple(axes))


def _lists(folded: str, start: int, end: int, found: _Found) -> None:
    """ "12 et 8 mm": one size per number, each its own lesion."""
    for match in patterns.LIST.finditer(folded, start, end):
        if not found.free(match.start(), match.end()):
            continue
        offset = match.start("items")
        for item in patterns.LIST_ITEM.finditer(match["items"]):
            axes = (to_mm(item.group(), match["unit"]),)
            found.sizes.append(
                SizeMention(offset + item.start(), offset + item.end(), axes, listed=True)
            )
        found.taken.append((match.start(), match.end()))
