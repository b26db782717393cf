import json
from pathlib import Path

from graphbuilder.extract.model import ReportExtraction
from graphbuilder.extract.schema import SCHEMA_FILES, json_schema, render_schema

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_checked_in_json_schemas_are_the_generated_ones() -> None:
    for file_name, model in SCHEMA_FILES.items():
        checked_in = (SCHEMAS / file_name).read_text(encoding="utf-8")
        assert checked_in == render_schema(model), f"schemas/{file_name} is stale: make schemas"


def test_schema_forbids_extra_keys_for_constrained_decoding() -> None:
    schema = json_schema(ReportExtraction)
    assert schema["additionalProperties"] is False
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object":
            assert definition.get("additionalProperties") is False, name


def test_definition_names_read_well() -> None:
    names = set(json_schema(ReportExtraction)["$defs"])
    assert {"EvidencedDate", "EvidencedOrgan", "EvidencedLength", "Lesion"} <= names
    assert not any("_" in name for name in names)
    json.dumps(json_schema(ReportExtraction))  # serialisable as is
