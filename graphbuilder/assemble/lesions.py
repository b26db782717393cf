"""Lesion identity across a patient's exams: which sighting is which physical lesion.

Exams are read in date order. Each lesion a report describes (a sighting) may continue a lesion
followed so far (a track) when organ and nodal status agree and sub-location and laterality do
not contradict each other (a node region, "médiastinale", and a station inside it, "4R", do
not). Each such candidate pair gets a confidence from how well the place agrees, how
continuous the size is, and whether the previous size the report quotes is the size the track
had then. A maximum-weight matching then pairs sightings with tracks, one to one
per report (networkx for large groups of competing pairs; small ones are solved exactly by
trying every assignment, which is the same optimum, faster). A sighting left unmatched starts a
track; after the patient's first exam it is a new-lesion candidate, unless it is first
described as gone.

Two safeguards: a sighting the report calls new never continues a lesion still present (only
one that had disappeared, at the same sub-location: a lesion back), and an organ or a
laterality that contradicts the track's is accepted only on strong evidence (the same
sub-location, and the quoted previous size is the track's size then), so that the
contradiction is flagged by the anatomy rules rather than the lesion lost. Nodal status is
never crossed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx

from graphbuilder.core.dates import strip_accents
from graphbuilder.core.ids import fact_id

VERSION = "lesion-linking.v1"
MIN_CONFIDENCE = 0.45  # below this, a pair is not a candidate
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8"}
_SEGMENT = re.compile(r"\b(?:segments?|seg\.?|s)\s*([ivx]+|\d+)([ab]?)\b")
_ROMAN_TOKEN = re.compile(r"\b([ivx]+)([ab]?)\b")


# Node stations written by name that have one IASLC number, and node regions with the stations
# they hold: "adénopathies médiastinales" at baseline may be the "4R" of the next exam.
_STATION_NUMBERS = {"sous-carinaire": "7"}
_MEDIASTINAL = ("2r", "2l", "3a", "3p", "4r", "4l", "5", "6", "7", "8", "9")
_NODE_REGIONS: dict[str, frozenset[str]] = {
    "mediastinale": frozenset({*_MEDIASTINAL, "paratracheale", "loge de barety"}),
    "paratracheale": frozenset({"2r", "2l", "4r", "4l"}),
    "hilaire": frozenset({"10", "10r", "10l", "11", "11r", "11l"}),
    "sus-claviculaire": frozenset({"1", "1r", "1l"}),
}


@lru_cache(maxsize=4096)  # the same few sub-locations recur across reports and patients
def normalise_location(location: str | None) -> str:
    """'Segment VI', 'seg. 6', 'S6' and 'VI' meet as '6'; 'cervicale IIa' as 'cervicale 2a';
    'sous-carinaire' and '7' as '7'."""
    if not location:
        return ""
    text = " ".join(strip_accents(location).lower().split())
    text = _SEGMENT.sub(lambda m: _ROMAN.get(m.group(1), m.group(1)) + m.group(2), text)
    text = _ROMAN_TOKEN.sub(lambda m: _ROMAN.get(m.group(1), m.group(1)) + m.group(2), text)
    return _STATION_NUMBERS.get(text, text)


def within(place: str, region: str) -> bool:
    """Whether normalised `place` is a more precise place inside `region` ('4r' in
    'mediastinale', 'cervicale 2a' in 'cervicale')."""
    return place in _NODE_REGIONS.get(region, ()) or (
        bool(region) and place.startswith(region + " ")
    )


# Sighting and Link are built for every lesion of every exam and stay inside assembly: not
# frozen, which makes them about twice as cheap to build.
@dataclass(slots=True)
class Sighting:
    """One lesion as one report describes it. Sizes are the axis RECIST counts (short axis
    for a node); `quoted_mm` is the previous size the report quotes, on the same axis."""

    report_id: str
    index: int
    date: dt.date
    organ: str
    location: str  # normalised, "" when absent
    location_text: str | None
    laterality: str  # "" when absent
    nodal: bool
    size_mm: float | None
    status: str
    quoted_mm: float | None = None
    quoted_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class ExamSightings:
    report_id: str
    date: dt.date
    sightings: tuple[Sighting, ...]


@dataclass(slots=True)
class Link:
    """Where a sighting belongs, how sure we are, and on what the decision rests."""

    lesion_id: str
    confidence: float
    basis: str
    new_candidate: bool


@dataclass(frozen=True, slots=True)
class Track:
    lesion_id: str
    organ: str
    location: str | None
    laterality: str | None
    nodal: bool
    first_seen: dt.date
    last_seen: dt.date


@dataclass(frozen=True)
class LinkedLesions:
    tracks: tuple[Track, ...]
    links: dict[tuple[str, int], Link]  # (report_id, index) → link


@dataclass
class _Track:
    lesion_id: str
    organ: str
    location: str
    location_text: str | None
    laterality: str
    nodal: bool
    first_seen: dt.date
    last_seen: dt.date
    last_status: str
    last_size: float | None
    sizes: dict[dt.date, float] = field(default_factory=dict)

    def frozen(self) -> Track:
        return Track(
            self.lesion_id,
            self.organ,
            self.location_text,
            self.laterality or None,
            self.nodal,
            self.first_seen,
            self.last_seen,
        )


def _agreement(mine: str, theirs: str, both_absent: float) -> float | None:
    """1 when both say the same, None when they contradict, less when one or both are silent."""
    if mine and theirs:
        return 1.0 if mine == theirs else None
    return 0.5 if mine or theirs else both_absent


def _quote_score(sighting: Sighting, track: _Track) -> float:
    """1 when the quoted previous size is the track's size then, 0.1 when far off."""
    if sighting.quoted_mm is None:
        return 0.5
    if sighting.quoted_date is not None:
        reference = track.sizes.get(sighting.quoted_date)
    else:
        reference = track.last_size
    if reference is None:
        return 0.5
    close = abs(sighting.quoted_mm - reference) <= max(1.0, 0.1 * reference)
    return 1.0 if close else 0.1


def _continuity(size: float | None, previous: float | None) -> float:
    if size is None or previous is None:
        return 0.5
    if size == previous:
        return 1.0
    return min(size, previous) / max(size, previous)


def score_pair(sighting: Sighting, track: _Track) -> tuple[float, str] | None:
    """The confidence that `sighting` continues `track`, and its basis; None if impossible."""
    if sighting.nodal != track.nodal:
        return None
    if sighting.status == "new" and track.last_status != "disappeared":
        return None
    # a region and a place inside it ('médiastinale' then '4R') do not contradict each other:
    # they agree as little as a silent place does
    nested = within(sighting.location, track.location) or within(track.location, sighting.location)
    place = 0.5 if nested else _agreement(sighting.location, track.location, 0.6)
    if place is None or (sighting.status == "new" and place < 1.0):
        return None
    quote = _quote_score(sighting, track)
    strong = place == 1.0 and quote == 1.0  # same sub-location, and the quote is its size then
    side = _agreement(sighting.laterality, track.laterality, 1.0)
    organ_differs = sighting.organ != track.organ
    if (organ_differs or side is None) and not strong:
        return None
    basis = ["organ differs" if organ_differs else "organ"]
    if side is None:
        side, basis = 0.0, [*basis, "laterality differs"]
    size = _continuity(sighting.size_mm, track.last_size)
    confidence = 0.25 * (place + side) + 0.25 * size + 0.25 * quote
    confidence *= 0.7 if organ_differs else 1.0
    basis += [
        name
        for name, ok in (
            ("sub-location", place == 1.0 and bool(sighting.location)),
            ("sub-location in the region", nested),
            ("laterality", side == 1.0 and bool(sighting.laterality)),
            ("size", size >= 0.7),
            ("quoted previous size", quote == 1.0),
        )
        if ok
    ]
    if confidence < MIN_CONFIDENCE:
        return None
    return round(confidence, 3), " + ".join(basis)


def _matching(edges: list[tuple[int, int, float]]) -> dict[int, int]:
    """Sighting index → track index maximising the total confidence, one to one.

    Candidate pairs fall into independent groups (sightings competing for the same tracks);
    a group of one pair is taken as is, a small group is solved exactly by trying every
    assignment, and a larger one by networkx's maximum-weight matching.
    """
    pairs: dict[int, int] = {}
    for group in _groups(edges):
        if len(group) == 1:
            pairs[group[0][0]] = group[0][1]
        elif len({s for s, _, _ in group}) <= SMALL_GROUP:
            pairs.update(_best_assignment(group))
        else:
            pairs.update(_networkx_matching(group))
    return pairs


SMALL_GROUP = 3  # up to 3 competing sightings: at most a few dozen assignments to try


def _groups(edges: list[tuple[int, int, float]]) -> list[list[tuple[int, int, float]]]:
    """Connected components of the candidate pairs (sightings and tracks as nodes)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for s, t, _ in edges:
        parent[root(("s", s))] = root(("t", t))
    groups: dict[tuple[str, int], list[tuple[int, int, float]]] = {}
    for edge in edges:
        groups.setdefault(root(("s", edge[0])), []).append(edge)
    return list(groups.values())


def _best_assignment(group: list[tuple[int, int, float]]) -> dict[int, int]:
    """Exhaustive search: each sighting takes one of its tracks or none, tracks used once."""
    options: dict[int, list[tuple[int, float]]] = {}
    for s, t, weight in group:
        options.setdefault(s, []).append((t, weight))
    sightings = sorted(options)
    best: tuple[float, dict[int, int]] = (0.0, {})

    def search(index: int, used: frozenset[int], total: float, chosen: dict[int, int]) -> None:
        nonlocal best
        if index == len(sightings):
            if total > best[0] + 1e-12:
                best = (total, dict(chosen))
            return
        sighting = sightings[index]
        for track, weight in options[sighting]:
            if track not in used:
                chosen[sighting] = track
                search(index + 1, used | {track}, total + weight, chosen)
                del chosen[sighting]
        search(index + 1, used, total, chosen)

    search(0, frozenset(), 0.0, {})
    return best[1]


def _networkx_matching(group: list[tuple[int, int, float]]) -> dict[int, int]:
    graph = nx.Graph()
    for s, t, weight in group:
        graph.add_edge(("s", s), ("t", t), weight=weight)
    pairs: dict[int, int] = {}
    for a, b in nx.max_weight_matching(graph):
        sighting, track = (a, b) if a[0] == "s" else (b, a)
        pairs[sighting[1]] = track[1]
    return pairs


def link_lesions(patient_id: str, exams: Sequence[ExamSightings]) -> LinkedLesions:
    """Link every sighting of the patient's exams to a physical lesion (a track)."""
    ordered = sorted(exams, key=lambda exam: (exam.date, exam.report_id))
    first_exam = next((exam.date for exam in ordered if exam.sightings), None)
    tracks: list[_Track] = []
    ordinals: Counter[tuple[object, ...]] = Counter()
    links: dict[tuple[str, int], Link] = {}
    for exam in ordered:
        scored = {
            (i, t): found
            for i, sighting in enumerate(exam.sightings)
            for t, track in enumerate(tracks)
            if (found := score_pair(sighting, track)) is not None
        }
        pairs = _matching([(i, t, found[0]) for (i, t), found in scored.items()])
        for i, sighting in enumerate(exam.sightings):
            if i in pairs:
                track = tracks[pairs[i]]
                confidence, basis = scored[(i, pairs[i])]
                links[(exam.report_id, sighting.index)] = Link(
                    track.lesion_id, confidence, basis, False
                )
            else:
                rivals = [found[0] for (j, _), found in scored.items() if j == i]
                track = _new_track(patient_id, sighting, ordinals)
                tracks.append(track)
                links[(exam.report_id, sighting.index)] = _first_link(
                    track, exam.date == first_exam, sighting.status, max(rivals, default=None)
                )
            _update(track, sighting)
    return LinkedLesions(tuple(track.frozen() for track in tracks), links)


def _new_track(
    patient_id: str, sighting: Sighting, ordinals: Counter[tuple[object, ...]]
) -> _Track:
    key = (sighting.organ, sighting.location, sighting.laterality, sighting.nodal, sighting.date)
    ordinal = ordinals[key]
    ordinals[key] += 1
    return _Track(
        lesion_id=fact_id("lesion", patient_id, *key, ordinal),
        organ=sighting.organ,
        location=sighting.location,
        location_text=sighting.location_text,
        laterality=sighting.laterality,
        nodal=sighting.nodal,
        first_seen=sighting.date,
        last_seen=sighting.date,
        last_status=sighting.status,
        last_size=None,
    )


def _first_link(track: _Track, first_exam: bool, status: str, rival: float | None) -> Link:
    if first_exam:
        return Link(track.lesion_id, 1.0, "first exam", False)
    if status == "disappeared":  # "l'image du segment II n'est pas retrouvée": it was there
        return Link(track.lesion_id, 1.0, "no earlier lesion fits; first described as gone", False)
    if rival is None:
        return Link(track.lesion_id, 1.0, "no earlier lesion fits", True)
    return Link(
        track.lesion_id,
        round(1.0 - rival, 3),
        f"an earlier lesion fitted better elsewhere (confidence {rival:.2f})",
        True,
    )


def _update(track: _Track, sighting: Sighting) -> None:
    track.last_seen = max(track.last_seen, sighting.date)
    track.last_status = sighting.status
    if not track.location or within(sighting.location, track.location):  # now more precise
        track.location, track.location_text = sighting.location, sighting.location_text
    track.laterality = track.laterality or sighting.laterality
    if sighting.status == "disappeared":
        track.sizes[sighting.date] = 0.0
    elif sighting.size_mm is not None:
        track.sizes[sighting.date] = sighting.size_mm
        track.last_size = sighting.size_mm
