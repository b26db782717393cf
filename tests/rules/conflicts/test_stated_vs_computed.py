"""stated-vs-computed: what a report states against RECIST from the measurements, both views."""

from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.conflicts.model import Severity
from tests.rules.factories import D, exam, facts, line, measurement, recist_of

BASELINE, FOLLOW_UP, LATER = D(2024, 1, 10), D(2024, 4, 12), D(2024, 7, 10)


def _patient(stated: str, sizes_then: tuple[float, float], *, recist: str | None = None):
    """Two liver targets, 30 + 20 mm at baseline; FOLFOX from 2024-01-20."""
    return facts(
        measurements=[
            measurement("CT1", BASELINE, "VI", 30),
            measurement("CT1", BASELINE, "VIII", 20),
            measurement("CT2", FOLLOW_UP, "VI", sizes_then[0]),
            measurement("CT2", FOLLOW_UP, "VIII", sizes_then[1]),
        ],
        exams=[
            exam("CT1", BASELINE, evolution="Not-a-follow-up", follow_up=False),
            exam("CT2", FOLLOW_UP, evolution=stated, recist=recist),
        ],
        lines=[line(D(2024, 1, 20))],
    )


def _stated_conflicts(patient):
    return [
        c for c in detect_conflicts(patient, recist_of(patient)) if c.rule == "stated-vs-computed"
    ]


def test_progression_stated_while_the_sum_grew_by_ten_percent_is_an_error() -> None:
    (conflict,) = _stated_conflicts(_patient("Progression", (33, 22)))
    assert conflict.severity is Severity.ERROR
    assert conflict.message == (
        "the report of 2024-04-12 states Progression; RECIST 1.1 computes SD (SoD 55 mm, "
        "+10.0 % vs baseline 50 mm, +10.0 % vs nadir 50 mm) and SD against the previous exam "
        "(+10.0 % vs 50 mm on 2024-01-10)"
    )
    roles = {(i.label, i.role) for i in conflict.involves}
    assert roles == {
        ("StatedAssessment", "stated"),
        ("RecistTimepoint", "computed"),
        ("Measurement", "target"),
    }
    assert len(conflict.involves) == 4  # the statement, the timepoint, both targets


def test_a_statement_that_matches_recist_is_no_conflict() -> None:
    assert _stated_conflicts(_patient("Stability", (33, 22))) == []
    assert _stated_conflicts(_patient("Response", (20, 12))) == []  # -36 %: PR
    assert _stated_conflicts(_patient("Progression", (40, 24))) == []  # +28 %, +14 mm: PD


def test_a_stated_recist_category_is_compared_exactly() -> None:
    (conflict,) = _stated_conflicts(_patient("Response", (20, 12), recist="CR"))
    assert conflict.details["stated"] == "CR" and conflict.details["computed"] == "PR"


def test_a_statement_matching_only_the_previous_exam_is_a_warning() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", BASELINE, "VI", 30),
            measurement("CT2", FOLLOW_UP, "VI", 20),  # -33 %: PR
            measurement("CT3", LATER, "VI", 19),  # -37 % vs baseline, -5 % vs the previous
        ],
        exams=[
            exam("CT1", BASELINE, follow_up=False, evolution="Not-a-follow-up"),
            exam("CT2", FOLLOW_UP, evolution="Response"),
            exam("CT3", LATER, evolution="Stability", recist="SD"),
        ],
        lines=[line(D(2024, 1, 20))],
    )
    (conflict,) = _stated_conflicts(patient)
    assert conflict.severity is Severity.WARNING
    assert conflict.details["computed"] == "PR" and conflict.details["vs_previous"] == "SD"


def test_undetermined_evolution_is_flagged_only_when_recist_computes_progression() -> None:
    assert _stated_conflicts(_patient("Unknown", (33, 22))) == []
    (conflict,) = _stated_conflicts(_patient("Unknown", (40, 24)))
    assert conflict.severity is Severity.WARNING and conflict.details["computed"] == "PD"


def test_the_id_is_the_same_on_a_rebuild_and_the_fingerprint_follows_the_values() -> None:
    first = _stated_conflicts(_patient("Progression", (33, 22)))[0]
    again = _stated_conflicts(_patient("Progression", (33, 22)))[0]
    changed = _stated_conflicts(_patient("Progression", (34, 22)))[0]
    assert first.id == again.id == changed.id
    assert first.fingerprint == again.fingerprint != changed.fingerprint
