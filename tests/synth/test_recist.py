"""The truth's RECIST 1.1 categories, on hand-made exams (sizes as the reports state them)."""

from __future__ import annotations

import datetime as dt

from graphbuilder.synth.course import Episode, Exam, LesionTrack, Measure
from graphbuilder.synth.recist import assess_next, best_overall_response, select_targets

START = dt.date(2024, 1, 15)


def lesion(key: str, organ: str = "liver", nodal: bool = False) -> LesionTrack:
    return LesionTrack(key, organ, None, None, nodal, dt.date(2023, 6, 1), 0.0, 0.0, 1.0)


LIVER_1, LIVER_2, LIVER_3 = lesion("L1"), lesion("L2"), lesion("L3")
LUNG = lesion("L4", "lung")
NODE = lesion("L5", "lymph_node", nodal=True)


def exam(day: int, sizes: dict[LesionTrack, float | str], previous: Exam | None = None) -> Exam:
    """`sizes`: long axis (short axis for a node), or a status ("disappeared", "new:12")."""
    measures = []
    for track, size in sizes.items():
        status, value = "present", size
        if isinstance(size, str):
            status, _, number = size.partition(":")
            value = float(number) if number else None
        long = None if track.nodal else value
        short = value if track.nodal else None
        if status == "disappeared":
            long = short = None
        measures.append(Measure(track, 0.0, 0.0, status, long, short))
    return Exam(START + dt.timedelta(days=day), "CT", "tap", "follow_up", measures, previous, None)


def run(baseline: Exam, *later: Exam) -> list[str]:
    episode = Episode(1, "advanced", ("FOLFOX",), START, baseline=baseline)
    for item in later:
        item.episode = episode
        episode.timepoints.append(item)
        item.recist = assess_next(episode, item)
    return [item.recist["overall"] for item in later if item.recist]


def test_targets_are_measurable_largest_first_two_per_organ_five_in_all() -> None:
    node_small = lesion("L6", "lymph_node", nodal=True)
    baseline = exam(-10, {LIVER_1: 30, LIVER_2: 40, LIVER_3: 50, LUNG: 9, NODE: 15, node_small: 12})
    assert select_targets(baseline) == ["L3", "L2", "L5"]


def test_partial_response_is_thirty_percent_below_baseline() -> None:
    baseline = exam(-10, {LIVER_1: 40, LUNG: 20})  # sum 60
    assert run(baseline, exam(60, {LIVER_1: 30, LUNG: 12})) == ["PR"]  # 42: -30 %
    assert run(baseline, exam(60, {LIVER_1: 31, LUNG: 12})) == ["SD"]  # 43


def test_progression_needs_twenty_percent_and_five_mm_above_the_nadir() -> None:
    baseline = exam(-10, {LIVER_1: 40, LUNG: 20})
    first = exam(60, {LIVER_1: 20, LUNG: 10})  # nadir 30
    second = exam(120, {LIVER_1: 25, LUNG: 11})  # 36: +20 % and +6 mm
    assert run(baseline, first, second) == ["PR", "PD"]
    small = exam(-10, {LIVER_1: 12, LUNG: 10})  # 22
    assert run(small, exam(60, {LIVER_1: 15, LUNG: 11})) == ["SD"]  # +18 %, +4 mm


def test_a_new_lesion_is_progression_whatever_the_sizes() -> None:
    baseline = exam(-10, {LIVER_1: 40})
    assert run(baseline, exam(60, {LIVER_1: 20, LIVER_2: "new:8"})) == ["PD"]


def test_complete_response_needs_every_lesion_gone_and_nodes_under_ten_mm() -> None:
    baseline = exam(-10, {LIVER_1: 40, NODE: 20})
    assert run(baseline, exam(60, {LIVER_1: "disappeared", NODE: 8})) == ["CR"]
    assert run(baseline, exam(60, {LIVER_1: "disappeared", NODE: 11})) == ["PR"]


def test_best_overall_response_needs_confirmation() -> None:
    baseline = exam(-10, {LIVER_1: 40})
    episode = Episode(1, "advanced", ("FOLFOX",), START, baseline=baseline)
    for day, size in ((60, 20.0), (120, 19.0)):
        item = exam(day, {LIVER_1: size})
        item.episode = episode
        episode.timepoints.append(item)
        item.recist = assess_next(episode, item)
    assert best_overall_response(episode) == "PR"
    single = Episode(1, "advanced", ("FOLFOX",), START, baseline=baseline)
    item = exam(60, {LIVER_1: 20})
    single.timepoints.append(item)
    item.recist = assess_next(single, item)
    assert best_overall_response(single) == "SD"  # unconfirmed PR, but SD for 60 days
