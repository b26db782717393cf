"""From cached answers to one report's outcome: parse, ground, agree across samples, merge.

This runs on every build, for fresh and replayed answers alike, so grounding and conversion can
improve without asking the model again. A task that has no usable answer makes the whole report a
failed extraction: a half-read report (its evolution without its lesions) would mislead the
longitudinal rules more than a missing one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_origin

from pydantic import ValidationError

from graphbuilder.extract.backend import ExtractionOutcome, ReportInput
from graphbuilder.extract.backends.llm.cache import CachedAnswer
from graphbuilder.extract.backends.llm.convert import convert_answer
from graphbuilder.extract.backends.llm.generation import Completion, Unavailable
from graphbuilder.extract.backends.llm.grounding import Grounder
from graphbuilder.extract.backends.llm.responses import AnswerProblem, parse_answer
from graphbuilder.extract.backends.llm.stability import agree
from graphbuilder.extract.backends.llm.tasks import Task, merge_parts

Answer = CachedAnswer | Unavailable


@dataclass
class RunStatistics:
    """Counters of a run (requests, cache, failures, grounding) and per-field agreement."""

    counters: Counter[str] = field(default_factory=Counter)
    agreement: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def summary(self) -> dict[str, Any]:
        means = {
            name: round(sum(scores) / len(scores), 4)
            for name, scores in sorted(self.agreement.items())
        }
        return {"counters": dict(sorted(self.counters.items())), "field_agreement": means}


def assemble_outcome(
    report: ReportInput,
    answers: Mapping[Task, Sequence[Answer]],
    statistics: RunStatistics,
) -> ExtractionOutcome:
    """The report's outcome from the answers of each task (one per sample)."""
    grounder = Grounder(report.text)
    warnings: list[str] = []
    failures: list[str] = []
    parts: dict[Task, dict[str, Any]] = {}
    for task, task_answers in answers.items():
        samples, reason = _task_samples(task, task_answers, grounder, warnings, statistics)
        if reason is not None:
            failures.append(f"{task.name}: {reason}")
            continue
        parts[task] = _agreed_part(task, samples, warnings, statistics)
    if failures:
        statistics.counters["reports_failed"] += 1
        return ExtractionOutcome(report.report_id, None, tuple(warnings), "; ".join(failures))
    try:
        extraction = merge_parts(report.report_id, parts)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        statistics.counters["reports_failed"] += 1
        reason = f"the merged extraction is not valid ({where}: {first['type']})"
        return ExtractionOutcome(report.report_id, None, tuple(warnings), reason)
    statistics.counters["reports_extracted"] += 1
    return ExtractionOutcome(report.report_id, extraction, tuple(warnings))


def _task_samples(
    task: Task,
    answers: Sequence[Answer],
    grounder: Grounder,
    warnings: list[str],
    statistics: RunStatistics,
) -> tuple[list[dict[str, Any]], str | None]:
    samples: list[dict[str, Any]] = []
    for index, answer in enumerate(answers):
        if isinstance(answer, Unavailable):
            return samples, answer.reason
        if answer.failure is not None or answer.text is None:
            return samples, answer.failure or "no answer"
        parsed = parse_answer(Completion(answer.text, answer.finish_reason), task.answer)
        if isinstance(parsed, AnswerProblem):  # a cached answer is valid when stored
            return samples, str(parsed)
        conversion = convert_answer(parsed, grounder)
        statistics.counters["values_ungrounded"] += len(conversion.ungrounded)
        statistics.counters["objects_dropped"] += len(conversion.dropped)
        label = task.name if len(answers) == 1 else f"{task.name} (sample {index + 1})"
        warnings.extend(conversion.warnings(label))
        samples.append(conversion.data)
    return samples, None


def _agreed_part(
    task: Task,
    samples: list[dict[str, Any]],
    warnings: list[str],
    statistics: RunStatistics,
) -> dict[str, Any]:
    if len(samples) == 1:
        return samples[0]
    agreement = agree(samples, _list_fields(task))
    for name, score in agreement.per_field.items():
        statistics.agreement[f"{task.name}.{name}"].append(score)
    statistics.counters["fields_unstable"] += len(agreement.unstable)
    warnings.extend(agreement.warnings(task.name, len(samples)))
    return agreement.data


def _list_fields(task: Task) -> frozenset[str]:
    return frozenset(
        name
        for name, info in task.answer.model_fields.items()
        if get_origin(info.annotation) is list
    )
