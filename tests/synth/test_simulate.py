"""The simulated courses are coherent: dated documents, lines in order, sizes that make sense."""

from __future__ import annotations

from collections import Counter

import pytest

from graphbuilder.synth.course import Patient
from graphbuilder.synth.pathways import simulate_patient

PATIENTS = [simulate_patient(seed=21, index=index) for index in range(150)]


@pytest.mark.parametrize("patient", PATIENTS[:60], ids=lambda p: p.patient_id)
def test_documents_are_dated_within_follow_up_and_before_death(patient: Patient) -> None:
    dates = [doc.date for doc in patient.documents]
    assert dates == sorted(dates)
    assert dates[0] == patient.diagnosis_date  # the diagnostic biopsy comes first
    for date in dates:
        assert date <= patient.follow_up_end
        assert patient.death_date is None or date < patient.death_date


def test_the_four_cancers_and_both_stages_are_simulated() -> None:
    sites = Counter(p.profile.site for p in PATIENTS)
    assert set(sites) == {"colorectal", "breast", "lung", "lymphoma"}
    assert {p.metastatic_at_diagnosis for p in PATIENTS if p.profile.site != "lymphoma"} == {
        True,
        False,
    }


def test_advanced_lines_are_numbered_in_order_each_after_its_baseline() -> None:
    for patient in PATIENTS:
        numbers = [e.number for e in patient.episodes if e.number is not None]
        assert numbers == list(range(1, len(numbers) + 1))
        for episode in patient.episodes:
            if episode.number is not None:
                assert episode.baseline is not None and episode.baseline.date <= episode.start
            if episode.end is not None:
                assert episode.start <= episode.end


def test_courses_end_after_they_start_and_lines_match_episodes() -> None:
    for patient in PATIENTS:
        for course in patient.courses:
            assert course.end is None or course.start <= course.end
            if course.episode is not None:
                assert course.line == course.episode.number
            if course.category == "radiotherapy":
                assert course.dose_gy and course.fractions


def test_a_relapse_found_under_adjuvant_hormone_therapy_is_found_after_it_began() -> None:
    """It ends the therapy: found earlier, the therapy would end before it started (as these
    patients' did, before the relapse was drawn from the therapy's start)."""
    ended_by_relapse = 0
    for index in (377, 525, 572, 761, 902, 1173, 1429):
        patient = simulate_patient(seed=21, index=index)
        for course in patient.courses:
            assert course.end is None or course.start <= course.end
            adjuvant_hormone = course.category == "hormone_therapy" and course.line is None
            ended_by_relapse += adjuvant_hormone and course.end is not None
    assert ended_by_relapse >= 2


def test_lesions_shrink_grow_appear_and_disappear() -> None:
    statuses: Counter[str] = Counter()
    for patient in PATIENTS:
        gone: set[str] = set()
        for exam in patient.exams:
            for measure in exam.measures:
                statuses[measure.status] += 1
                assert measure.true_long >= 0
                if measure.status == "disappeared":
                    gone.add(measure.lesion.key)
                elif measure.lesion.key in gone:
                    pytest.fail(f"{patient.patient_id}: {measure.lesion.key} came back")
    assert {"present", "new", "disappeared", "too_small"} <= set(statuses)


def test_every_recist_category_occurs() -> None:
    categories = Counter(
        exam.recist["overall"] for p in PATIENTS for exam in p.exams if exam.recist is not None
    )
    assert {"CR", "PR", "SD", "PD"} <= set(categories)


def test_a_patient_does_not_depend_on_the_others() -> None:
    again = simulate_patient(seed=21, index=37)
    first = PATIENTS[37]
    assert [(d.kind, d.date) for d in again.documents] == [
        (d.kind, d.date) for d in first.documents
    ]
    assert [m.long_mm for e in again.exams for m in e.measures] == [
        m.long_mm for e in first.exams for m in e.measures
    ]
    other = simulate_patient(seed=22, index=37)
    assert [(d.kind, d.date) for d in other.documents] != [
        (d.kind, d.date) for d in first.documents
    ]
