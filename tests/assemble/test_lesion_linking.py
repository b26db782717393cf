"""Lesion linking: which sighting of a later exam is which lesion, with what confidence."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphbuilder.assemble.lesions import (
    ExamSightings,
    Sighting,
    _best_assignment,
    _networkx_matching,
    link_lesions,
    normalise_location,
)

JAN, APR, JUL = dt.date(2024, 1, 10), dt.date(2024, 4, 12), dt.date(2024, 7, 10)


def sighting(
    report: str, index: int, date: dt.date, size: float | None, **values: object
) -> Sighting:
    location = values.pop("location", "VI")
    fields: dict[str, object] = {
        "organ": "liver",
        "location": normalise_location(location),  # type: ignore[arg-type]
        "location_text": location,
        "laterality": "",
        "nodal": False,
        "status": "present",
    }
    fields.update(values)
    return Sighting(report_id=report, index=index, date=date, size_mm=size, **fields)  # type: ignore[arg-type]


def exam(report: str, date: dt.date, *sightings: Sighting) -> ExamSightings:
    return ExamSightings(report, date, sightings)


def test_the_same_segment_across_exams_is_one_lesion() -> None:
    linked = link_lesions(
        "P1",
        [
            exam("CT1", JAN, sighting("CT1", 0, JAN, 30, location="Segment VI")),
            exam("CT2", APR, sighting("CT2", 0, APR, 22, location="seg. 6", quoted_mm=30)),
        ],
    )
    assert len(linked.tracks) == 1
    first, second = linked.links[("CT1", 0)], linked.links[("CT2", 0)]
    assert first.lesion_id == second.lesion_id
    assert (first.confidence, first.basis, first.new_candidate) == (1.0, "first exam", False)
    assert second.confidence == 0.933  # 0.25 × (place 1 + side 1) + 0.25 × 22/30 + 0.25 × quote 1
    assert second.basis == "organ + sub-location + size + quoted previous size"


def test_the_quoted_previous_size_tells_two_unlocated_lesions_apart() -> None:
    """Two liver lesions without a segment: sizes cross, the quotes say which is which."""
    linked = link_lesions(
        "P1",
        [
            exam(
                "CT1", JAN,
                sighting("CT1", 0, JAN, 30, location=None),
                sighting("CT1", 1, JAN, 16, location=None),
            ),
            exam(
                "CT2", APR,
                sighting("CT2", 0, APR, 17, location=None, quoted_mm=30),  # shrank a lot
                sighting("CT2", 1, APR, 18, location=None, quoted_mm=16),
            ),
        ],
    )  # fmt: skip
    big, small = linked.links[("CT1", 0)].lesion_id, linked.links[("CT1", 1)].lesion_id
    assert linked.links[("CT2", 0)].lesion_id == big
    assert linked.links[("CT2", 1)].lesion_id == small


def test_an_unmatched_lesion_after_the_first_exam_is_a_new_lesion_candidate() -> None:
    linked = link_lesions(
        "P1",
        [
            exam("CT1", JAN, sighting("CT1", 0, JAN, 30)),
            exam(
                "CT2",
                APR,
                sighting("CT2", 0, APR, 28),
                sighting("CT2", 1, APR, 12, location="VII"),
            ),
        ],
    )
    new = linked.links[("CT2", 1)]
    assert new.new_candidate and new.basis == "no earlier lesion fits"
    assert not linked.links[("CT2", 0)].new_candidate
    assert [t.first_seen for t in linked.tracks] == [JAN, APR]


def test_a_lesion_first_described_as_gone_is_not_a_new_lesion_candidate() -> None:
    """ "L'image du segment II décrite sur l'examen initial n'est pas retrouvée", when the
    initial exam only suspected it (so no lesion was recorded then)."""
    linked = link_lesions(
        "P1",
        [
            exam("CT1", JAN, sighting("CT1", 0, JAN, 30)),
            exam("CT2", APR, sighting("CT2", 0, APR, None, location="II", status="disappeared")),
        ],
    )
    gone = linked.links[("CT2", 0)]
    assert not gone.new_candidate
    assert gone.basis == "no earlier lesion fits; first described as gone"


def test_a_lesion_called_new_never_continues_one_still_present() -> None:
    linked = link_lesions(
        "P1",
        [
            exam("CT1", JAN, sighting("CT1", 0, JAN, 30)),
            exam("CT2", APR, sighting("CT2", 0, APR, 30, status="new")),
        ],
    )
    assert len(linked.tracks) == 2 and linked.links[("CT2", 0)].new_candidate


def test_a_lesion_back_at_the_same_place_continues_the_one_that_disappeared() -> None:
    linked = link_lesions(
        "P1",
        [
            exam("CT1", JAN, sighting("CT1", 0, JAN, 12)),
            exam("CT2", APR, sighting("CT2", 0, APR, None, status="disappeared")),
            exam("CT3", JUL, sighting("CT3", 0, JUL, 9, status="new")),
        ],
    )
    assert len(linked.tracks) == 1 and not linked.links[("CT3", 0)].new_candidate


def test_a_contradicting_side_is_kept_only_on_strong_evidence() -> None:
    def follow(quoted: float | None) -> int:
        linked = link_lesions(
            "P1",
            [
                exam(
                    "CT1",
                    JAN,
                    sighting("CT1", 0, JAN, 25, organ="adrenal", location=None, laterality="left"),
                ),
                exam(
                    "CT2",
                    APR,
                    sighting(
                        "CT2",
                        0,
                        APR,
                        21,
                        organ="adrenal",
                        location=None,
                        laterality="right",
                        quoted_mm=quoted,
                    ),
                ),
            ],
        )
        return len(linked.tracks)

    assert follow(quoted=None) == 2  # another adrenal lesion
    lesion_with_place = link_lesions(
        "P1",
        [
            exam(
                "CT1",
                JAN,
                sighting(
                    "CT1", 0, JAN, 25, organ="lung", location="lobe supérieur", laterality="left"
                ),
            ),
            exam(
                "CT2",
                APR,
                sighting(
                    "CT2",
                    0,
                    APR,
                    21,
                    organ="lung",
                    location="lobe supérieur",
                    laterality="right",
                    quoted_mm=25,
                ),
            ),
        ],
    )
    link = lesion_with_place.links[("CT2", 0)]
    assert len(lesion_with_place.tracks) == 1 and "laterality differs" in link.basis


def test_nodal_status_is_never_crossed_and_organ_only_on_strong_evidence() -> None:
    def tracks(organ: str, nodal: bool, quoted: float | None) -> int:
        first = sighting("CT1", 0, JAN, 18, organ="lymph_node", nodal=True, location="7")
        later = sighting("CT2", 0, APR, 18, organ=organ, nodal=nodal, location="7",
                         quoted_mm=quoted)  # fmt: skip
        return len(link_lesions("P1", [exam("CT1", JAN, first), exam("CT2", APR, later)]).tracks)

    assert tracks("lung", nodal=False, quoted=18) == 2  # a node never becomes a lesion
    assert tracks("mediastinum", nodal=True, quoted=None) == 2
    assert tracks("mediastinum", nodal=True, quoted=18) == 1  # flagged by organ-conflict


def test_linking_is_repeatable_and_ids_are_content_derived() -> None:
    exams = [
        exam("CT1", JAN, sighting("CT1", 0, JAN, 30), sighting("CT1", 1, JAN, 20, location="VIII")),
        exam("CT2", APR, sighting("CT2", 0, APR, 28), sighting("CT2", 1, APR, 19, location="VIII")),
    ]
    assert link_lesions("P1", exams) == link_lesions("P1", list(reversed(exams)))
    assert link_lesions("P1", exams).tracks != link_lesions("P2", exams).tracks


def test_sub_locations_are_compared_once_normalised() -> None:
    assert {normalise_location(x) for x in ("Segment VI", "seg. 6", "S6", "VI", "segment vi")} == {
        "6"
    }
    assert normalise_location("segment IVa") == normalise_location("IVa") == "4a"
    assert normalise_location("cervicale IIa") == "cervicale 2a"
    assert normalise_location("lobe supérieur") == "lobe superieur"
    assert normalise_location("sous-carinaire") == normalise_location("7") == "7"
    assert normalise_location(None) == ""


def node(report: str, index: int, date: dt.date, short_axis: float, **values: object) -> Sighting:
    return sighting(report, index, date, short_axis, organ="lymph_node", nodal=True, **values)


def test_a_node_placed_by_its_region_is_followed_at_its_station() -> None:
    """Baseline: two 'médiastinales' nodes; the next exams name their stations, 4R and 7
    (then 'sous-carinaire'), quoting the short axes they had."""
    linked = link_lesions(
        "P1",
        [
            exam(
                "PET",
                JAN,
                node("PET", 0, JAN, 18, location="médiastinale"),
                node("PET", 1, JAN, 14, location="médiastinale"),
            ),
            exam(
                "CT2",
                APR,
                node("CT2", 0, APR, 9, location="4R", quoted_mm=18),
                node("CT2", 1, APR, 8, location="7", quoted_mm=14),
            ),
            exam("CT3", JUL, node("CT3", 0, JUL, 7, location="sous-carinaire")),
        ],
    )
    assert len(linked.tracks) == 2
    assert linked.links[("CT2", 0)].lesion_id == linked.links[("PET", 0)].lesion_id
    assert linked.links[("CT2", 1)].lesion_id == linked.links[("PET", 1)].lesion_id
    assert linked.links[("CT3", 0)].lesion_id == linked.links[("PET", 1)].lesion_id
    assert "sub-location in the region" in linked.links[("CT2", 0)].basis
    assert linked.links[("CT3", 0)].basis.startswith("organ + sub-location + ")
    assert {track.location for track in linked.tracks} == {"4R", "7"}  # the precise place kept


def test_two_stations_or_two_regions_still_contradict() -> None:
    linked = link_lesions(
        "P1",
        [
            exam("CT1", JAN, node("CT1", 0, JAN, 12, location="4R")),
            exam("CT2", APR, node("CT2", 0, APR, 12, location="hilaire")),
            exam("CT3", JUL, node("CT3", 0, JUL, 12, location="axillaire", quoted_mm=12)),
        ],
    )
    assert len(linked.tracks) == 3


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 2), st.integers(0, 3), st.floats(0.45, 1.0)),
        min_size=2,
        max_size=9,
        unique_by=lambda edge: (edge[0], edge[1]),
    )
)
def test_small_groups_are_solved_to_the_same_optimum_as_networkx(edges) -> None:
    exact = _best_assignment(edges)
    reference = _networkx_matching(edges)
    weights = {(s, t): w for s, t, w in edges}

    def total(pairs: dict[int, int]) -> float:
        return sum(weights[(s, t)] for s, t in pairs.items())

    assert len(set(exact.values())) == len(exact)  # one to one
    assert total(exact) == pytest.approx(total(reference))
