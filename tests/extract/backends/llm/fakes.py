"""A scripted model runtime for unit tests, and small builders of reports and settings.

`ScriptedGenerator` stands in for vLLM where vLLM cannot be made to misbehave on purpose (invalid
JSON, ungrounded quotes, schema violations, an unreachable server). It checks that every request
it receives is well formed — the task's schema, the shared instruction first, the report last —
and records the requests so tests can look at them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ReportInput
from graphbuilder.extract.backends.llm.generation import (
    Completion,
    GenerationRequest,
    Result,
)
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.extract.backends.llm.tasks import TASKS_BY_NAME

Responder = Callable[[GenerationRequest], Result]

CT_TEXT = (
    "Scanner thoraco-abdomino-pelvien du 12/03/2024, comparé au scanner du 10/12/2023.\n"
    "Lésion hépatique du segment VI de 25 mm contre 31 mm.\n"
    "Au total : SD."
)
EVOLUTION_ANSWER = {
    "is_follow_up": {"quote": "comparé au scanner du 10/12/2023", "value": True},
    "stated_evolution": {"quote": "Au total : SD", "value": "Stability"},
    "stated_recist": {"quote": "Au total : SD", "value": "SD"},
}
LESIONS_ANSWER = {
    "exam_date": {"quote": "Scanner thoraco-abdomino-pelvien du 12/03/2024", "value": "2024-03-12"},
    "modality": {"quote": "Scanner thoraco-abdomino-pelvien", "value": "CT"},
    "comparison_dates": [{"quote": "scanner du 10/12/2023", "value": "2023-12-10"}],
    "lesions": [
        {
            "organ": {"quote": "Lésion hépatique", "value": "liver"},
            "location": {"quote": "segment VI", "value": "VI"},
            "nodal": {"quote": "Lésion hépatique", "value": False},
            "long_axis_mm": {"quote": "25 mm", "value": 25},
            "previous": {"long_axis_mm": {"quote": "contre 31 mm", "value": 31}},
            "status": {"quote": "Lésion hépatique du segment VI de 25 mm", "value": "present"},
        }
    ],
}


def report(
    report_id: str, text: str = CT_TEXT, kind: ReportKind = ReportKind.RADIOLOGY
) -> ReportInput:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return ReportInput("P1", report_id, dt.date(2024, 3, 12), kind, text, digest)


def settings(cache: Path, **overrides: Any) -> LLMSettings:
    values: dict[str, Any] = {"model": "fake-model", "cache_dir": cache, "max_retries": 2}
    return LLMSettings(**{**values, **overrides})


def answer(document: Any, finish_reason: str = "stop", tokens: int = 40) -> Completion:
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return Completion(text, finish_reason, prompt_tokens=900, completion_tokens=tokens)


def task_of(request: GenerationRequest) -> str:
    """The task a request is for (its label reads `report 'R1' <task> #<sample>`)."""
    return request.label.split()[2]


def grounded_answers(request: GenerationRequest) -> Result:
    """Correct, grounded answers to the CT report; an empty one for any other task."""
    answers = {"radiology_evolution": EVOLUTION_ANSWER, "radiology_lesions": LESIONS_ANSWER}
    return answer(answers.get(task_of(request), {}))


class ScriptedGenerator:
    """A fake runtime answering with `responder`; checks and records every request."""

    backend = "scripted"

    def __init__(self, responder: Responder = grounded_answers) -> None:
        self.responder = responder
        self.requests: list[GenerationRequest] = []
        self.batches: list[int] = []

    def identity(self) -> dict[str, Any]:
        return {"versions": {"scripted": "1"}}

    def describe(self) -> dict[str, Any]:
        return {**self.identity(), "device": "none"}

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Result]]:
        self.batches.append(len(requests))
        for index, request in enumerate(requests):
            check_request(request)
            self.requests.append(request)
            yield index, self.responder(request)

    def close(self) -> None:
        pass


def check_request(request: GenerationRequest) -> None:
    """What every runtime must receive: the task's schema and a prompt ending on the report."""
    task = TASKS_BY_NAME[task_of(request)]
    assert request.schema == task.schema()
    assert request.prompt.instruction == task.prompt().instruction
    assert request.prompt.report.rstrip().endswith("Réponse :")
    assert request.sampling.max_tokens >= 1
