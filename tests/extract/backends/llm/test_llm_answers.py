"""Answer models: derived from the domain model, with quotes in place of offsets, and safe for
xgrammar (free text bounded by a pattern, never by length; no multipleOf or uniqueItems)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from graphbuilder.extract.backends.llm.answers import MAX_ITEMS, answer_model, quoted_model
from graphbuilder.extract.backends.llm.tasks import ANSWER_SCHEMA_FILES, TASKS
from graphbuilder.extract.model import EvidencedLength, Lesion, Organ, Tumour
from graphbuilder.extract.schema import SCHEMA_FILES, json_schema


def nodes(schema: Any) -> Iterator[dict[str, Any]]:
    if isinstance(schema, dict):
        yield schema
        for value in schema.values():
            yield from nodes(value)
    elif isinstance(schema, list):
        for item in schema:
            yield from nodes(item)


@pytest.mark.parametrize("task", TASKS, ids=lambda task: task.name)
def test_every_answer_schema_is_strict_and_decodable_by_xgrammar(task: Any) -> None:
    schema = task.schema()
    for node in nodes(schema):
        if node.get("type") == "object":
            assert node.get("additionalProperties") is False, node.get("title")
        assert not {"multipleOf", "uniqueItems", "minLength", "maxLength"} & set(node)
        if node.get("type") == "string" and "enum" not in node:
            assert "pattern" in node or node.get("format") == "date", node
        if node.get("type") == "array":
            assert node["maxItems"] == MAX_ITEMS


def test_answer_schemas_are_checked_in_beside_the_domain_schema() -> None:
    assert set(ANSWER_SCHEMA_FILES) == {
        "radiology_evolution.answer.schema.json",
        "radiology_lesions.answer.schema.json",
        "pathology.answer.schema.json",
        "treatments.answer.schema.json",
    }
    assert ANSWER_SCHEMA_FILES.items() <= SCHEMA_FILES.items()


def test_an_evidenced_value_becomes_a_quoted_value_with_the_same_constraints() -> None:
    quoted_length = quoted_model(EvidencedLength)
    assert quoted_length.__name__ == "QuotedLength"
    assert quoted_length.model_validate({"quote": "28 mm", "value": 28}).value == 28
    with pytest.raises(ValidationError, match="less than or equal to 2000"):
        quoted_length.model_validate({"quote": "3 m", "value": 3000})


def test_a_domain_class_becomes_an_answer_with_its_required_fields() -> None:
    lesion = answer_model(Lesion)
    schema = json_schema(lesion)
    assert lesion.__name__ == "LesionAnswer"
    assert schema["required"] == ["organ", "nodal", "status"]
    assert schema["properties"]["organ"] == {"$ref": "#/$defs/QuotedOrgan"}
    assert list(schema["$defs"]["QuotedOrgan"]["properties"]) == ["quote", "value"]
    assert (
        answer_model(Tumour)
        .model_validate({"site": {"quote": "cancer du sein", "value": "breast"}})
        .site.value
        == "breast"
    )


@pytest.mark.parametrize(
    "quote",
    ['dit "stable"', "a\\b", "tab\there", "x" * 121, ""],
    ids=["double quote", "backslash", "control", "too long", "empty"],
)
def test_a_quote_json_cannot_hold_without_escapes_is_rejected(quote: str) -> None:
    with pytest.raises(ValidationError, match="pattern"):
        quoted_model(Lesion.model_fields["organ"].annotation).model_validate(
            {"quote": quote, "value": Organ.LIVER}
        )
