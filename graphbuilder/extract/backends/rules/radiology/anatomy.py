"""Where a lesion is: organ, sub-location (liver segment, lung lobe, node station, bone site,
breast quadrant) and side, each found with its span in a stretch of folded text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, TypeVar

from graphbuilder.extract.backends.rules.radiology import patterns
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.model import Laterality, Organ

V = TypeVar("V")

_DIGIT = re.compile(r"[1-8]")
_ROMAN_BY_DIGIT = {
    "1": "I",
    "2": "II",
    "3": "III",
    "4": "IV",
    "5": "V",
    "6": "VI",
    "7": "VII",
    "8": "VIII",
}


@dataclass(frozen=True)
class Found(Generic[V]):
    """A value read from report[start:end]."""

    value: V
    start: int
    end: int


@dataclass(frozen=True)
class Place:
    """A sub-location and the organ (and maybe side) it implies."""

    organ: Organ
    location: str
    laterality: Laterality | None = None
    list_size: int = 1  # "segments VI et VII": one place of a list of two


@dataclass(frozen=True)
class Scope(Generic[V]):
    """A value that holds over report[start:end] (an "Foie :" line and what follows it)."""

    value: Found[V]
    start: int
    end: int
    side: Found[Laterality] | None = None  # "Sein gauche :" also gives the side


def organs(folded: str, start: int, end: int) -> list[Found[Organ]]:
    return [
        Found(patterns.ORGAN_WORDS[index][0], match.start(), match.end())
        for index, match in patterns.ORGAN.finditer(folded, start, end)
    ]


def places(report: ReportText, start: int, end: int) -> list[Found[Place]]:
    """Liver segments, lung lobes and breast quadrants: they name their organ."""
    folded = report.folded
    found: list[Found[Place]] = []
    for match in patterns.LIVER_SEGMENT.finditer(folded, start, end):
        found += _segments(match)
    for match in patterns.LUNG_LOBE.finditer(folded, start, end):
        place = _lobe(report.text, match)
        if place is not None:
            found.append(Found(place, match.start(), match.end()))
    for match in patterns.BREAST_QUADRANT.finditer(folded, start, end):
        written = match["q"] or match["spelled"] or match["union"] or match["areola"]
        quadrant = written.upper() if match["q"] else patterns.QUADRANTS.get(written, written)
        found.append(Found(Place(Organ.BREAST, quadrant), match.start(), match.end()))
    for match in patterns.PANCREAS_PART.finditer(folded, start, end):
        part = patterns.PANCREAS_PARTS[match["part"] or match["side"] or match["adj"]]
        found.append(Found(Place(Organ.PANCREAS, part), match.start(), match.end()))
    return sorted(found, key=lambda item: item.start)


def _segments(match: re.Match[str]) -> list[Found[Place]]:
    """One place per segment of "segments VI, VIII et IVa" (the first quotes "segments VI")."""
    if match["dome"]:
        return [Found(Place(Organ.LIVER, "dôme"), match.start(), match.end())]
    if match["lobe"]:
        return [Found(Place(Organ.LIVER, f"lobe {match['lobe']}"), match.start(), match.end())]
    group = "list" if match["list"] else "slist"
    number_pattern = patterns.SEGMENT_NUMBER if group == "list" else _DIGIT
    numbers = list(number_pattern.finditer(match.string, match.start(group), match.end(group)))
    found = []
    for index, number in enumerate(numbers):
        start = match.start() if index == 0 else number.start()
        location = _roman(number.group())
        found.append(
            Found(Place(Organ.LIVER, location, list_size=len(numbers)), start, number.end())
        )
    return found


def node_station(report: ReportText, start: int, end: int) -> Found[str] | None:
    """The station of a node: an IASLC code right after the node word or its station word,
    else the station word ("axillaire"), with the cervical level when written ("IIa")."""
    text = report.text
    code = patterns.IASLC_STATION.match(text, start, end)
    found = patterns.NODE_STATION.search(report.folded, start, end)
    if found is not None:
        code = code or patterns.IASLC_STATION.match(text, found[1].end(), end)
    if code is not None:
        return Found(code["code"], code.start("code"), code.end("code"))
    if found is None:
        return None
    index, match = found
    name = patterns.NODE_STATIONS[index][0]
    if name == "cervicale":
        level = patterns.CERVICAL_LEVEL.match(text, match.end(), end)
        if level is not None:
            return Found(f"cervicale {level['level']}", match.start(), level.end("level"))
    return Found(name, match.start(), match.end())


def bone_site(report: ReportText, start: int, end: int) -> Found[str] | None:
    for match in patterns.BONE_SITE.finditer(report.folded, start, end):
        if match["vertebra"]:
            written = report.text[match.start() : match.end()]
            if written[0].isupper():  # "L3", "T12"; never "t2" from an MRI sequence name
                level = "T" if written[0] in "TD" else written[0]
                return Found(level + written[1:], match.start(), match.end())
        else:
            return Found(match["named"], match.start(), match.end())
    return None


def lateralities(report: ReportText, start: int, end: int) -> list[Found[Laterality]]:
    found = []
    for match in patterns.LATERALITY.finditer(report.folded, start, end):
        side = (
            Laterality.RIGHT
            if match["right"]
            else Laterality.LEFT
            if match["left"]
            else Laterality.BILATERAL
        )
        found.append(Found(side, match.start(), match.end()))
    for match in patterns.SIDE_LETTER.finditer(report.text, start, end):
        side = Laterality.RIGHT if match["side"] == "D" else Laterality.LEFT
        found.append(Found(side, match.start("side"), match.end("side")))
    return sorted(found, key=lambda item: item.start)


def organ_label_scopes(report: ReportText) -> list[Scope[Organ]]:
    """ "Foie : ..." holds for its line and the lines after it, up to a blank line or label."""
    folded = report.folded
    labels = list(patterns.ORGAN_LABEL.finditer(folded))
    breaks = sorted({match.start() for match in patterns.ANY_LABEL.finditer(folded)})
    scopes = []
    for match in labels:
        end = next((start for start in breaks if start > match.start()), len(folded))
        blank = patterns.BLANK_LINE.search(folded, match.end(), end)
        end = blank.start() if blank else end
        organ = patterns.LABEL_ORGANS.get(match["label"])
        if organ is not None:
            found = Found(organ, match.start("label"), match.end("label"))
            side = None
            if match["side"]:
                value = Laterality.RIGHT if match["side"].startswith("droit") else Laterality.LEFT
                side = Found(value, match.start("side"), match.end("side"))
            scopes.append(Scope(found, match.start(), end, side))
    return scopes


def target_list_scopes(folded: str) -> list[Scope[bool]]:
    """ "Lésions cibles :" lists: value True for targets, False for non-targets."""
    scopes = []
    for match in patterns.TARGET_LIST.finditer(folded):
        end = _list_end(folded, match.end())
        scopes.append(
            Scope(Found(match["non"] is None, match.start(), match.end()), match.start(), end)
        )
    return scopes


def _list_end(folded: str, start: int) -> int:
    """A list runs over its label's line and the bulleted lines right after it; a list whose
    first item has no bullet ("Non cibles :" then one lesion a line) runs to the next blank
    line, heading ("A l'etage abdominal :") or target label."""
    end = folded.find("\n", start)
    if end >= 0 and patterns.LIST_ITEM_LINE.match(folded, end) is None:
        return _plain_list_end(folded, end)
    while end >= 0:
        item = patterns.LIST_ITEM_LINE.match(folded, end)
        if item is None:
            return end
        end = folded.find("\n", item.end())
    return len(folded)


def _plain_list_end(folded: str, end: int) -> int:
    while end >= 0:
        line_end = folded.find("\n", end + 1)
        line = folded[end + 1 : len(folded) if line_end < 0 else line_end].strip()
        if not line or line.endswith(":") or patterns.TARGET.match(line):  # "cible 2 :", "c2 -"
            return end
        end = line_end
    return len(folded)


def _roman(written: str) -> str:
    letter = written[-1] if written[-1] in "ab" else ""
    core = written[:-1] if letter else written
    roman = _ROMAN_BY_DIGIT.get(core, core.upper())
    return roman + letter


def _lobe(text: str, match: re.Match[str]) -> Place | None:
    if match["abbr"]:
        written = text[match.start("abbr") : match.end("abbr")]
        if not written.isupper():  # "lm", "lid" in running lower-case text are not lobes
            return None
        location, side = patterns.LOBE_ABBREVIATIONS[match["abbr"]]
        return Place(Organ.LUNG, location, Laterality(side))
    if match["lingula"]:
        return Place(Organ.LUNG, "lingula", Laterality.LEFT)
    side = match["side"]
    laterality = None if side is None else Laterality.RIGHT if side == "droit" else Laterality.LEFT
    if match["level"] == "moyen":
        laterality = Laterality.RIGHT
    return Place(Organ.LUNG, patterns.LOBE_LEVELS[match["level"]], laterality)
