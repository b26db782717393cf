"""`schema.json`: the JSON Schema an LLM answers the prompt in (quotes, not offsets), as
graphbuilder sends it with the prompt.

Regenerate with `python -m ecog_status.schema_file` from `examples/plugins/`; the plugin's test
fails when the checked-in file is stale.
"""

from __future__ import annotations

from ecog_status import SCHEMA
from ecog_status.model import PerformanceStatus
from graphbuilder.extract.backends.llm.answers import AnswerModel
from graphbuilder.extract.schema import render_schema
from graphbuilder.pipeline.processes.prompted import answer_model

# The answer form graphbuilder asks the model for: each value with its verbatim quote.
ANSWER: type[AnswerModel] = answer_model(PerformanceStatus)


def render() -> str:
    return render_schema(ANSWER)


if __name__ == "__main__":
    SCHEMA.write_text(render(), encoding="utf-8")
