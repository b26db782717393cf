"""JSON Schemas generated from the domain model, as checked in under `schemas/`.

The same schema constrains the LLM backends' decoding, so its names must read well:
`Evidenced[date]` is written `EvidencedDate`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from graphbuilder.extract.backends.llm.tasks import ANSWER_SCHEMA_FILES
from graphbuilder.extract.model import ReportExtraction

_GENERIC_NAME = re.compile(r"^Evidenced\[(\w+)\]$")

# File name under schemas/ → the model whose schema it holds.
SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "report_extraction.schema.json": ReportExtraction,
    **ANSWER_SCHEMA_FILES,  # what the LLM backends ask models to answer
}


class ReadableSchemaNames(GenerateJsonSchema):
    """Names `$defs` entries `EvidencedDate` rather than `Evidenced_date_`."""

    def normalize_name(self, name: str) -> str:
        if match := _GENERIC_NAME.match(name):
            inner = match.group(1)
            return f"Evidenced{inner[:1].upper()}{inner[1:]}"
        return super().normalize_name(name)


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of a domain model, with readable definition names."""
    return model.model_json_schema(schema_generator=ReadableSchemaNames)


def render_schema(model: type[BaseModel]) -> str:
    """The schema as the checked-in file holds it: sorted keys, 2-space indent, final newline."""
    return json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """(Re)write every generated schema file into `directory`; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, model in SCHEMA_FILES.items():
        path = directory / file_name
        path.write_text(render_schema(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # `python -m graphbuilder.extract.schema schemas/` (make schemas)
    import sys

    for written in write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(written)
