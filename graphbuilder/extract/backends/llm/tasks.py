"""Extraction tasks: one prompt each, each filling one part of a `ReportExtraction`.

A task names the report kinds that can contain its answer (no prompt is spent on a report that
cannot), its prompt version, its answer model and its token budget. Parts of several tasks merge
into one extraction: radiology tasks fill `radiology`, the others top-level lists.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphbuilder.core.errors import ConfigError
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backends.llm.answers import AnswerModel, root_answer_model
from graphbuilder.extract.backends.llm.prompts import PromptTemplate, load_prompt
from graphbuilder.extract.model import RadiologyFindings, ReportExtraction


@dataclass(frozen=True)
class Task:
    name: str
    kinds: frozenset[ReportKind]
    prompt_version: int
    answer: type[AnswerModel]
    section: str | None  # "radiology": fields of RadiologyFindings; None: of ReportExtraction
    max_tokens: int

    @property
    def prompt_id(self) -> str:
        return f"{self.name}.v{self.prompt_version}"

    def applies_to(self, kind: ReportKind) -> bool:
        return kind in self.kinds

    def prompt(self, directory: Path | None = None) -> PromptTemplate:
        return load_prompt(self.name, self.prompt_version, directory)

    def schema(self) -> dict[str, Any]:
        """The answer's JSON Schema, as checked in under schemas/ and sent to the model."""
        from graphbuilder.extract.schema import json_schema  # extract.schema imports this module

        return json_schema(self.answer)

    def schema_sha256(self) -> str:
        from graphbuilder.extract.schema import render_schema

        return hashlib.sha256(render_schema(self.answer).encode("utf-8")).hexdigest()


RADIOLOGY = frozenset({ReportKind.RADIOLOGY})
PATHOLOGY = frozenset({ReportKind.PATHOLOGY})
CLINICAL_NOTES = frozenset({ReportKind.CONSULTATION, ReportKind.TUMOUR_BOARD, ReportKind.OTHER})

TASKS: tuple[Task, ...] = (
    Task(
        name="radiology_evolution",
        kinds=RADIOLOGY,
        prompt_version=1,
        answer=root_answer_model(
            RadiologyFindings,
            ("is_follow_up", "stated_evolution", "stated_recist"),
            "RadiologyEvolutionAnswer",
            "The evolution a radiology report concludes to, in five classes, and any RECIST "
            "category it states.",
        ),
        section="radiology",
        max_tokens=384,
    ),
    Task(
        name="radiology_lesions",
        kinds=RADIOLOGY,
        prompt_version=1,
        answer=root_answer_model(
            RadiologyFindings,
            ("exam_date", "modality", "comparison_dates", "lesions", "no_new_lesion"),
            "RadiologyLesionsAnswer",
            "The exam, the exams it is compared with, and every lesion with its sizes.",
        ),
        section="radiology",
        max_tokens=3072,
    ),
    Task(
        name="pathology",
        kinds=PATHOLOGY,
        prompt_version=1,
        answer=root_answer_model(
            ReportExtraction,
            ("pathology",),
            "PathologyAnswer",
            "One result per specimen: the breast pathology variables and any TNM.",
        ),
        section=None,
        max_tokens=2048,
    ),
    Task(
        name="treatments",
        kinds=CLINICAL_NOTES,
        prompt_version=1,
        answer=root_answer_model(
            ReportExtraction,
            ("treatments", "tumours"),
            "TreatmentsAnswer",
            "The treatments and the primary cancers a clinical note names.",
        ),
        section=None,
        max_tokens=2048,
    ),
)
TASKS_BY_NAME: Mapping[str, Task] = {task.name: task for task in TASKS}

# schemas/ file name → answer model (joined to extract.schema.SCHEMA_FILES).
ANSWER_SCHEMA_FILES: dict[str, type[AnswerModel]] = {
    f"{task.name}.answer.schema.json": task.answer for task in TASKS
}


def select_tasks(names: Iterable[str] | None) -> tuple[Task, ...]:
    """The tasks to run (all by default); an unknown name is a configuration error."""
    if names is None:
        return TASKS
    chosen = tuple(dict.fromkeys(names))
    unknown = [name for name in chosen if name not in TASKS_BY_NAME]
    if unknown or not chosen:
        raise ConfigError(
            f"llm.tasks: {', '.join(map(repr, unknown)) or 'nothing'} is not accepted "
            f"(accepted: {', '.join(TASKS_BY_NAME)})"
        )
    return tuple(TASKS_BY_NAME[name] for name in chosen)


def merge_parts(report_id: str, parts: Mapping[Task, dict[str, Any]]) -> ReportExtraction:
    """One extraction from the parts of every task run on the report."""
    data: dict[str, Any] = {"report_id": report_id}
    radiology: dict[str, Any] | None = None
    for task, part in parts.items():
        if task.section == "radiology":
            radiology = {**(radiology or {}), **part}
        else:
            data.update(part)
    if radiology is not None:
        data["radiology"] = radiology
    return ReportExtraction.model_validate(data)
