"""The log applied to a build: resolved, reopened when stale, corrections used downstream."""

import datetime as dt

from graphbuilder.assemble import assemble
from graphbuilder.core.patient_graph import PatientGraph
from graphbuilder.curate import (
    CurationEntry,
    Decision,
    add_curation_rows,
    apply_corrections,
    review_conflicts,
)
from graphbuilder.pipeline.build import derive_patient
from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.timepoints import PatientRecist, assess_patient
from tests.rules.factories import D, facts, measurement
from tests.rules.test_recist_per_line import progression_on_ten_percent

AT = dt.datetime(2024, 6, 20, 9, 30, tzinfo=dt.UTC)
NO_RECIST = PatientRecist("P1", ())


def _slip(after: float = 2.6):
    return facts(
        measurements=[
            measurement("CT1", D(2024, 1, 10), long=28),
            measurement("CT2", D(2024, 4, 12), long=after),
        ]
    )


def _decide(conflict, decision: Decision, at: dt.datetime = AT, **values: object) -> CurationEntry:
    return CurationEntry(
        conflict_id=conflict.id,
        patient_id=conflict.patient_id,
        rule=conflict.rule,
        decision=decision,
        fingerprint=conflict.fingerprint,
        author="dr.steward",
        at=at,
        reason="checked the images",
        **values,
    )


def test_no_decision_leaves_the_conflict_open() -> None:
    conflicts = detect_conflicts(_slip(), NO_RECIST)
    review = review_conflicts(conflicts, [])
    assert [r.status for r in review.conflicts] == ["open"] and review.corrections == ()


def test_a_decision_on_unchanged_facts_resolves_and_survives_a_rebuild() -> None:
    (conflict,) = detect_conflicts(_slip(), NO_RECIST)
    log = [_decide(conflict, Decision.DISMISS)]
    (again,) = detect_conflicts(_slip(), NO_RECIST)  # a rebuild: same facts, same conflict
    (review,) = review_conflicts([again], log).conflicts
    assert review.status == "resolved" and [r.status for r in review.rulings] == ["applied"]


def test_a_decision_on_facts_that_changed_since_is_stale_and_the_conflict_reopens() -> None:
    (conflict,) = detect_conflicts(_slip(2.6), NO_RECIST)
    log = [_decide(conflict, Decision.DISMISS)]
    (changed,) = detect_conflicts(_slip(2.7), NO_RECIST)  # re-extracted with another size
    assert changed.id == conflict.id and changed.fingerprint != conflict.fingerprint
    review = review_conflicts([changed], log)
    assert review.conflicts[0].status == "reopened" and review.stale() == 1


def test_the_latest_decision_wins_and_a_reopen_reopens() -> None:
    (conflict,) = detect_conflicts(_slip(), NO_RECIST)
    log = [
        _decide(conflict, Decision.DISMISS),
        _decide(conflict, Decision.REOPEN, AT + dt.timedelta(days=1)),
    ]
    (review,) = review_conflicts([conflict], log).conflicts
    assert review.status == "reopened"
    assert [r.status for r in review.rulings] == ["superseded", "applied"]


def test_a_decision_about_a_conflict_no_longer_found_is_orphaned_not_lost() -> None:
    (conflict,) = detect_conflicts(_slip(), NO_RECIST)
    review = review_conflicts([], [_decide(conflict, Decision.DISMISS)])
    assert review.conflicts == () and len(review.orphaned) == 1


def test_a_correction_changes_what_is_computed_and_marks_the_fact() -> None:
    assembled = assemble(progression_on_ten_percent())
    recist = assess_patient(assembled.facts)
    (conflict,) = detect_conflicts(assembled.facts, recist)
    april_vi = next(i for i in conflict.involves if i.role == "target")
    log = [
        _decide(
            conflict, Decision.CORRECT, fact_id=april_vi.node_id, field="long_axis_mm",
            value=43.0, original_value=33.0,
        )
    ]  # fmt: skip
    review = review_conflicts([conflict], log)
    (correction,) = review.corrections
    corrected = apply_corrections(assembled.facts, review.corrections)
    sums = [t.result.sum_mm for _, t in assess_patient(corrected).follow_ups() if t.result]
    assert sums == [65.0]  # 43 + 22 instead of 33 + 22
    graph = derive_patient(assemble(progression_on_ten_percent()), log).graph
    fact = graph.nodes["Measurement"][correction.fact_id]
    assert (fact["long_axis_mm"], fact["curation"]) == (33.0, "corrected")  # kept as extracted
    (edge,) = graph.relationships[("CORRECTS", "Resolution", "Measurement")].values()
    assert edge == {"field": "long_axis_mm", "original_value": "33.0", "corrected_value": "43.0"}
    (point,) = [t for t in graph.nodes["RecistTimepoint"].values() if t["kind"] == "follow_up"]
    assert point["overall_response"] == "PD"  # +30 %, +15 mm with the corrected size
    assert graph.nodes["Conflict"][conflict.id]["status"] == "resolved"


def test_conflict_rows_point_to_the_facts_of_both_sides() -> None:
    patient = _slip()
    review = review_conflicts(detect_conflicts(patient, NO_RECIST), [])
    graph = PatientGraph("P1")
    graph.add_node("Patient", {"id": "P1", "patient_id": "P1"})
    for m in patient.measurements:
        graph.add_node(
            "Measurement", {"id": m.node_id, "patient_id": "P1", "date": m.date, "status": m.status}
        )
    add_curation_rows(graph, review)
    (row,) = graph.nodes["Conflict"].values()
    assert (row["rule"], row["status"], row["severity"]) == ("size-unit-slip", "open", "warning")
    edges = graph.relationships[("INVOLVES", "Conflict", "Measurement")]
    assert sorted(props["role"] for props in edges.values()) == ["earlier", "later"]
    assert len(graph.relationships[("HAS_CONFLICT", "Patient", "Conflict")]) == 1
