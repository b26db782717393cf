"""A fact's values and evidence, read in one pass, and the EXTRACTED_FROM properties."""

import json

import pytest

from graphbuilder.assemble.evidence import extracted_from, field_spans, unpack
from graphbuilder.extract.model import Lesion

TEXT = "Foie : lésion du segment VI de 22 mm (contre 30 mm le 10/01/2024), en régression."


def _evidenced(value: object, quote: str) -> dict[str, object]:
    start = TEXT.index(quote)
    return {"value": value, "evidence": {"start": start, "end": start + len(quote), "text": quote}}


LESION = Lesion.model_validate(
    {
        "organ": _evidenced("liver", "Foie"),
        "location": _evidenced("VI", "segment VI"),
        "nodal": _evidenced(False, "lésion"),
        "long_axis_mm": _evidenced(22.0, "22 mm"),
        "previous": {
            "long_axis_mm": _evidenced(30.0, "30 mm"),
            "date": _evidenced("2024-01-10", "10/01/2024"),
        },
        "status": _evidenced("present", "en régression"),
    }
)


def test_unpack_gives_plain_values_by_dotted_path() -> None:
    values = unpack(LESION).values
    assert values["organ"] == "liver" and type(values["organ"]) is str  # the enum's value
    assert values["previous.long_axis_mm"] == 30.0
    assert str(values["previous.date"]) == "2024-01-10"
    assert "short_axis_mm" not in values and "laterality" not in values  # absent: missing


def test_the_evidence_properties_cover_every_field_with_sorted_json() -> None:
    properties = unpack(LESION).spans.properties(TEXT, "run:1")
    assert properties["quote"] == TEXT[: TEXT.index("en régression") + len("en régression")]
    assert (properties["span_start"], properties["run_id"]) == (0, "run:1")
    spans = json.loads(properties["field_spans"])
    assert list(spans) == sorted(spans)
    start, end = spans["previous.date"]
    assert TEXT[start:end] == "10/01/2024"
    assert properties["field_spans"] == json.dumps(
        {name: list(span) for name, span in sorted(field_spans(LESION).items())}
    )


def test_extracted_from_a_subset_of_spans_matches_a_whole_fact() -> None:
    spans = field_spans(LESION)
    assert extracted_from(spans, TEXT, "run:1") == unpack(LESION).spans.properties(TEXT, "run:1")
    only_size = extracted_from({"long_axis_mm": spans["long_axis_mm"]}, TEXT, "run:1")
    assert only_size["quote"] == "22 mm"
    start, end = spans["long_axis_mm"]
    assert only_size["field_spans"] == f'{{"long_axis_mm": [{start}, {end}]}}'


def test_a_fact_without_evidence_is_refused() -> None:
    with pytest.raises(ValueError, match="must carry evidence"):
        extracted_from({}, TEXT, "run:1")
