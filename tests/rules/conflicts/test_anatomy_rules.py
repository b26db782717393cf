"""laterality-conflict (tumour and lesion) and histology-conflict."""

from graphbuilder.rules.conflicts import detect_conflicts
from graphbuilder.rules.conflicts.patterns import histology_family
from graphbuilder.rules.timepoints import PatientRecist
from tests.rules.factories import D, facts, measurement, pathology, tumour

NO_RECIST = PatientRecist("P1", ())
KINDS = {"AP1": "pathology", "C1": "consultation", "C2": "consultation", "C3": "tumour_board"}


def _rules(patient, rule):
    return [c for c in detect_conflicts(patient, NO_RECIST) if c.rule == rule]


def test_a_tumour_said_left_by_most_sources_and_right_by_one() -> None:
    patient = facts(
        tumours=[
            tumour("C1", D(2024, 3, 2), laterality="left"),
            tumour("C2", D(2024, 4, 2), laterality="left"),
            tumour("C3", D(2024, 5, 2), laterality="right"),
        ],
        pathology=[pathology("AP1", D(2024, 3, 1), laterality="left")],
        kinds=KINDS,
    )
    (conflict,) = _rules(patient, "laterality-conflict")
    assert conflict.message == (
        "the breast tumour's laterality is left in 3 statement(s) (first on 2024-03-01) and "
        "right in 1 (first on 2024-05-02)"
    )
    assert {(i.label, i.role) for i in conflict.involves} == {
        ("PathologyResult", "left"),
        ("Tumour", "right"),
        ("Report", "left"),
        ("Report", "right"),
    }


def test_one_side_or_bilateral_is_no_conflict() -> None:
    patient = facts(
        tumours=[
            tumour("C1", D(2024, 3, 2), laterality="left"),
            tumour("C2", D(2024, 4, 2), laterality="bilateral"),
        ],
        kinds=KINDS,
    )
    assert _rules(patient, "laterality-conflict") == []


def test_a_lesion_whose_side_changed() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", D(2024, 1, 10), organ="adrenal", long=25, laterality="left"),
            measurement("CT2", D(2024, 4, 10), organ="adrenal", long=20, laterality="right"),
        ]
    )
    (conflict,) = _rules(patient, "laterality-conflict")
    assert conflict.message.startswith("this lesion's laterality is left on 2024-01-10 and right")
    steady = facts(
        measurements=[
            measurement("CT1", D(2024, 1, 10), organ="adrenal", long=25, laterality="left"),
            measurement("CT2", D(2024, 4, 10), organ="adrenal", long=20, laterality="left"),
        ]
    )
    assert _rules(steady, "laterality-conflict") == []


def test_a_lesion_placed_in_another_organ() -> None:
    patient = facts(
        measurements=[
            measurement("CT1", D(2024, 1, 10), organ="lung", long=25),
            measurement("CT2", D(2024, 4, 10), organ="pleura", long=22),
        ]
    )
    (conflict,) = _rules(patient, "organ-conflict")
    assert conflict.message.startswith("this lesion's organ is lung on 2024-01-10 and pleura")
    assert [i.role for i in conflict.involves] == ["lesion", "lung", "pleura"]
    assert _rules(facts(measurements=[patient.measurements[0]]), "organ-conflict") == []


def test_histology_families_that_differ() -> None:
    lobular = facts(
        tumours=[
            tumour("C1", D(2024, 3, 2), histology="carcinome infiltrant de type non spécifique"),
            tumour("C2", D(2024, 4, 2), histology="carcinome lobulaire infiltrant"),
        ],
        kinds=KINDS,
    )
    (conflict,) = _rules(lobular, "histology-conflict")
    assert "adenocarcinoma" in conflict.message and "lobular carcinoma" in conflict.message
    same_family = facts(
        tumours=[
            tumour("C1", D(2024, 3, 2), "colorectal", histology="adénocarcinome lieberkühnien"),
            tumour("C2", D(2024, 4, 2), "colorectal", histology="adénocarcinome"),
            tumour("C3", D(2024, 5, 2), "colorectal", histology="carcinome"),  # no family
        ],
        kinds=KINDS,
    )
    assert _rules(same_family, "histology-conflict") == []


def test_histology_families_from_wording_and_codes() -> None:
    assert histology_family("Adénocarcinome canalaire pancréatique") == "adenocarcinoma"
    assert histology_family("carcinome épidermoïde bronchique") == "squamous cell carcinoma"
    assert histology_family("lymphome non hodgkinien B diffus à grandes cellules B") == (
        "large B-cell lymphoma"
    )
    assert histology_family("lymphome de Hodgkin classique") == "Hodgkin lymphoma"
    assert histology_family(None, "8520/3") == "lobular carcinoma"
    assert histology_family("tumeur maligne") is None
