import pytest
from pydantic import ValidationError

from graphbuilder.extract.model import Evidence, ReportExtraction
from tests.support.evidence import evidenced

TEXT = "Foie : lésion du segment VI mesurant 25 mm (contre 18 mm le 12/03/2024). Au total : PD."


def lesion() -> dict:
    return {
        "organ": evidenced("liver", TEXT, "Foie"),
        "location": evidenced("VI", TEXT, "segment VI"),
        "nodal": evidenced(False, TEXT, "lésion"),
        "long_axis_mm": evidenced(25.0, TEXT, "25 mm"),
        "previous": {
            "long_axis_mm": evidenced(18.0, TEXT, "18 mm"),
            "date": evidenced("2024-03-12", TEXT, "12/03/2024"),
        },
        "status": evidenced("present", TEXT, "lésion"),
    }


def test_a_radiology_extraction_holds_lesions_with_their_evidence() -> None:
    extraction = ReportExtraction.model_validate(
        {
            "report_id": "R1",
            "radiology": {"lesions": [lesion()], "stated_recist": evidenced("PD", TEXT, "PD")},
        }
    )
    assert extraction.radiology is not None
    found = extraction.radiology.lesions[0]
    assert found.long_axis_mm is not None and found.long_axis_mm.value == 25.0
    assert found.previous is not None and found.previous.date is not None
    assert str(found.previous.date.value) == "2024-03-12"
    quotes = {evidence.text for evidence in extraction.evidences()}
    assert quotes == {"Foie", "segment VI", "lésion", "25 mm", "18 mm", "12/03/2024", "PD"}


def test_extra_keys_are_refused_everywhere() -> None:
    bad = lesion() | {"volume_ml": 3}
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        ReportExtraction.model_validate({"report_id": "R1", "radiology": {"lesions": [bad]}})


def test_values_outside_their_domain_are_refused() -> None:
    bad = lesion() | {"long_axis_mm": evidenced(-3, TEXT, "25 mm")}
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        ReportExtraction.model_validate({"report_id": "R1", "radiology": {"lesions": [bad]}})
    with pytest.raises(ValidationError, match="'liver', 'lung'"):
        ReportExtraction.model_validate(
            {
                "report_id": "R1",
                "radiology": {"lesions": [lesion() | {"organ": evidenced("foie", TEXT, "Foie")}]},
            }
        )


def test_evidence_must_span_at_least_one_character() -> None:
    with pytest.raises(ValidationError, match="end 4 must be after start 4"):
        Evidence(start=4, end=4, text="x")
