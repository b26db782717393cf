"""receptor-flip (same specimen) and receptor-discordance (two specimens, ER or HER2 only)."""

from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.conflicts.model import Severity
from graphbuilder.rules.timepoints import PatientRecist
from tests.rules.factories import D, facts, pathology

NO_RECIST = PatientRecist("P1", ())
KINDS = {"AP1": "pathology", "AP2": "pathology"}


def _found(*results):
    patient = facts(pathology=list(results), kinds=KINDS)
    return [(c.rule, c.severity, c.message) for c in detect_conflicts(patient, NO_RECIST)]


def test_a_status_that_changes_on_the_same_specimen_is_an_error() -> None:
    biopsy = pathology("AP1", D(2024, 3, 2), specimen_type="biopsy", er_status="positive")
    amended = pathology("AP2", D(2024, 3, 9), specimen_type="biopsy", er_status="negative")
    assert _found(biopsy, amended) == [
        (
            "receptor-flip",
            Severity.ERROR,
            "ER positive then negative on the same specimen: the biopsy of 2024-03-02 and "
            "the biopsy of 2024-03-09",
        )
    ]


def test_progesterone_lost_on_the_surgical_specimen_is_not_flagged() -> None:
    """The bundled example P002: PR 10 % on the biopsy, 0 % after neoadjuvant chemotherapy."""
    biopsy = pathology(
        "AP1", D(2023, 3, 9), specimen_type="biopsy", er_status="positive", pr_status="positive"
    )
    surgery = pathology(
        "AP2", D(2023, 10, 10), specimen_type="lumpectomy", er_status="positive",
        pr_status="negative",
    )  # fmt: skip
    assert _found(biopsy, surgery) == []


def test_er_or_her2_conversion_between_specimens_is_noted_for_information() -> None:
    biopsy = pathology("AP1", D(2023, 3, 9), specimen_type="biopsy", her2_status="positive")
    surgery = pathology("AP2", D(2023, 10, 10), specimen_type="lumpectomy", her2_status="low")
    ((rule, severity, message),) = _found(biopsy, surgery)
    assert (rule, severity) == ("receptor-discordance", Severity.INFO)
    assert message.startswith("HER2 positive then low between two specimens")
    low_then_zero = pathology(
        "AP2", D(2023, 10, 10), specimen_type="lumpectomy", her2_status="negative"
    )
    low = pathology("AP1", D(2023, 3, 9), specimen_type="biopsy", her2_status="low")
    assert _found(low, low_then_zero) == []  # neither is positive
