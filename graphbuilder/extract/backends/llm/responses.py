"""Reading a model's answer: truncated, not JSON, or not the schema — or a valid answer.

Problem details name positions and field paths, never the answer text: an answer may quote the
report, and logs never print report text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from graphbuilder.extract.backends.llm.answers import AnswerModel
from graphbuilder.extract.backends.llm.generation import Completion

ProblemKind = Literal["truncated", "invalid_json", "schema_violation", "unexpected_stop"]


@dataclass(frozen=True)
class AnswerProblem:
    """Why an answer cannot be used; `truncated` answers may succeed with more tokens."""

    kind: ProblemKind
    detail: str

    def __str__(self) -> str:
        return f"{self.kind.replace('_', ' ')}: {self.detail}"


def parse_answer(completion: Completion, model: type[AnswerModel]) -> AnswerModel | AnswerProblem:
    """The validated answer, or the problem with it."""
    if completion.finish_reason == "length":
        return AnswerProblem(
            "truncated",
            f"the answer was cut at {completion.completion_tokens} tokens "
            "(max_tokens or the model's context length)",
        )
    if completion.finish_reason not in ("stop", None):
        return AnswerProblem(
            "unexpected_stop", f"generation ended with finish_reason {completion.finish_reason!r}"
        )
    try:
        document = json.loads(completion.text)
    except json.JSONDecodeError as error:
        return AnswerProblem(
            "invalid_json", f"{error.msg} at character {error.pos} of {len(completion.text)}"
        )
    try:
        return model.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "answer"
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        return AnswerProblem("schema_violation", f"{where}: {first['type']}{more}")
