"""The LLM extraction loop: plan requests, replay the cache, ask the model for the rest.

For every report, every task that applies to its kind and every sample, one request is planned
and keyed (see `cache.py`). Cached answers are replayed; `--frozen` fails on the first run that
would need a model, listing what is missing. The rest go to the model in batches, grouped by task
so that the shared instruction stays in vLLM's prefix cache. A truncated answer is asked again
with twice the token budget; invalid JSON or a schema violation is asked again while the model
keeps changing its answer; after `max_retries` the failure is stored with its reason. Outcomes
are yielded as soon as all of a report's answers are in.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graphbuilder.core.errors import ExtractionError
from graphbuilder.extract.backend import ExtractionOutcome, ReportInput
from graphbuilder.extract.backends.llm.assembly import Answer, RunStatistics, assemble_outcome
from graphbuilder.extract.backends.llm.cache import Attempt, CachedAnswer, ResponseCache, cache_key
from graphbuilder.extract.backends.llm.generation import (
    Completion,
    GenerationRequest,
    Generator,
    Sampling,
    Unavailable,
)
from graphbuilder.extract.backends.llm.prompts import PromptTemplate
from graphbuilder.extract.backends.llm.responses import AnswerProblem, parse_answer
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.extract.backends.llm.tasks import Task

MAX_TOKENS_GROWTH = 4  # a truncated answer may get up to 4x the task's budget
_RETRY_SEED_STEP = 100_003  # a retry at temperature > 0 samples with another seed
_MISSES_LISTED = 20
# Finish reasons that say the runtime failed (a grammar it could not compile, an aborted request):
# not the model's answer, so never cached.
_ENGINE_ERRORS = frozenset({"error", "abort"})


@dataclass(frozen=True)
class PlannedRequest:
    report: ReportInput
    task: Task
    sample: int
    key: str
    components: dict[str, Any]
    request: GenerationRequest


@dataclass
class _InFlight:
    plan: PlannedRequest
    request: GenerationRequest
    attempts: list[Attempt] = field(default_factory=list)
    last_text: str | None = None


class ExtractionEngine:
    """Runs tasks over reports through a generator and a response cache."""

    def __init__(
        self,
        settings: LLMSettings,
        generator: Generator,
        prompts: dict[Task, PromptTemplate],
        identity: dict[str, Any],
        cache: ResponseCache,
        statistics: RunStatistics,
    ) -> None:
        self.settings = settings
        self.generator = generator
        self.prompts = prompts
        self.identity = identity  # model, revision, backend, versions: the key's fixed part
        self.cache = cache
        self.statistics = statistics
        self._schemas = {task: task.schema() for task in prompts}
        self._schema_hashes = {task: task.schema_sha256() for task in prompts}

    def run(self, reports: Iterable[ReportInput]) -> Iterator[ExtractionOutcome]:
        by_id = {report.report_id: report for report in reports}
        plans = {report_id: self._plan(report) for report_id, report in by_id.items()}
        every = [plan for report_plans in plans.values() for plan in report_plans]
        answers: dict[str, Answer] = dict(self.cache.get_many(plan.key for plan in every))
        counters = self.statistics.counters
        counters["requests"] += len(every)
        counters["cache_hits"] += sum(plan.key in answers for plan in every)
        misses = self._unique_misses(every, answers)
        if misses and self.settings.frozen:
            raise ExtractionError(self._frozen_message(every, answers))
        waiting: dict[str, set[str]] = {}
        for report_id, report_plans in plans.items():
            missing = {plan.key for plan in report_plans if plan.key not in answers}
            if missing:
                waiting[report_id] = missing
            else:
                yield self._outcome(by_id[report_id], report_plans, answers)
        by_key: defaultdict[str, list[str]] = defaultdict(list)
        for report_id, keys in waiting.items():
            for key in keys:
                by_key[key].append(report_id)
        for start in range(0, len(misses), self.settings.batch_size):
            batch = misses[start : start + self.settings.batch_size]
            for key, answer in self._ask(batch):
                answers[key] = answer
                for report_id in by_key.pop(key, []):
                    waiting[report_id].discard(key)
                    if not waiting[report_id]:
                        del waiting[report_id]
                        yield self._outcome(by_id[report_id], plans[report_id], answers)
        for report_id in waiting:  # a runtime that skipped a request must not lose the report
            for plan in plans[report_id]:
                answers.setdefault(plan.key, Unavailable("the model runtime returned no answer"))
            yield self._outcome(by_id[report_id], plans[report_id], answers)

    # ------------------------------------------------------------------ planning
    def _plan(self, report: ReportInput) -> list[PlannedRequest]:
        text_hash = hashlib.sha256(report.text.encode("utf-8")).hexdigest()
        plans = []
        for task, prompt in self.prompts.items():
            if not task.applies_to(report.kind):
                continue
            rendered = prompt.render(report.text)
            for sample in range(self.settings.samples):
                sampling = Sampling(
                    temperature=self.settings.temperature,
                    top_p=self.settings.top_p,
                    seed=self.settings.seed + sample,
                    max_tokens=self.settings.max_tokens or task.max_tokens,
                )
                components = {
                    **self.identity,
                    "report_sha256": text_hash,
                    "task": task.name,
                    "prompt": prompt.id,
                    "prompt_sha256": prompt.sha256,
                    "schema_sha256": self._schema_hashes[task],
                    "prompt_format": self.settings.prompt_format,
                    "sampling": sampling.as_dict(),
                    "max_retries": self.settings.max_retries,
                }
                label = f"report {report.report_id!r} {task.name} #{sample + 1}"
                request = GenerationRequest(
                    label, rendered, self._schemas[task], sampling, self.settings.prompt_format
                )
                plans.append(
                    PlannedRequest(report, task, sample, cache_key(components), components, request)
                )
        if not plans:
            self.statistics.counters["reports_without_task"] += 1
        return plans

    def _unique_misses(
        self, plans: Sequence[PlannedRequest], answers: dict[str, Answer]
    ) -> list[PlannedRequest]:
        """One request per missing key, grouped by task (the shared prefix stays cached)."""
        unique: dict[str, PlannedRequest] = {}
        for plan in plans:
            if plan.key not in answers:
                unique.setdefault(plan.key, plan)
        order = {task: index for index, task in enumerate(self.prompts)}
        return sorted(unique.values(), key=lambda plan: (order[plan.task], plan.sample))

    def _frozen_message(self, plans: Sequence[PlannedRequest], answers: dict[str, Answer]) -> str:
        missing = [plan for plan in plans if plan.key not in answers]
        shown = ", ".join(
            f"{plan.report.report_id} ({plan.task.name}"
            + (f" sample {plan.sample + 1})" if self.settings.samples > 1 else ")")
            for plan in missing[:_MISSES_LISTED]
        )
        more = f" and {len(missing) - _MISSES_LISTED} more" if len(missing) > _MISSES_LISTED else ""
        return (
            f"--frozen: {len(missing)} LLM answer(s) are not in the cache "
            f"{Path(self.cache.directory)}: {shown}{more} — run without --frozen to ask the model "
            "for them, or check that the model, prompts and settings are the ones cached"
        )

    # ------------------------------------------------------------------ asking
    def _ask(self, batch: Sequence[PlannedRequest]) -> Iterator[tuple[str, Answer]]:
        in_flight = [_InFlight(plan, plan.request) for plan in batch]
        counters = self.statistics.counters
        while in_flight:
            retry: list[_InFlight] = []
            counters["model_requests"] += len(in_flight)
            requests = [state.request for state in in_flight]
            for index, result in self.generator.generate(requests):
                state = in_flight[index]
                if isinstance(result, Completion) and result.finish_reason in _ENGINE_ERRORS:
                    result = Unavailable(
                        f"the model runtime could not serve the request "
                        f"(finish_reason {result.finish_reason!r}; see its log)"
                    )
                if isinstance(result, Unavailable):
                    counters["unavailable"] += 1
                    yield state.plan.key, result
                    continue
                final = self._receive(state, result)
                if final is None:
                    retry.append(state)
                    continue
                self.cache.put(state.plan.key, state.plan.components, final)
                yield state.plan.key, final
            counters["retries"] += len(retry)
            in_flight = retry

    def _receive(self, state: _InFlight, completion: Completion) -> CachedAnswer | None:
        """The final answer, or None when the request is to be asked again."""
        counters = self.statistics.counters
        counters["prompt_tokens"] += completion.prompt_tokens
        counters["completion_tokens"] += completion.completion_tokens
        counters["cached_prompt_tokens"] += completion.cached_tokens
        parsed = parse_answer(completion, state.plan.task.answer)
        problem = parsed if isinstance(parsed, AnswerProblem) else None
        state.attempts.append(
            Attempt(
                max_tokens=state.request.sampling.max_tokens,
                finish_reason=completion.finish_reason,
                prompt_tokens=completion.prompt_tokens,
                completion_tokens=completion.completion_tokens,
                cached_tokens=completion.cached_tokens,
                problem=None if problem is None else str(problem),
            )
        )
        if problem is None:
            counters["answers_valid"] += 1
            return CachedAnswer(
                completion.text, completion.finish_reason, None, tuple(state.attempts)
            )
        next_request = self._next_request(state, problem, completion.text)
        if next_request is not None:
            state.request, state.last_text = next_request, completion.text
            return None
        counters[f"failed_{problem.kind}"] += 1
        tries = len(state.attempts)
        return CachedAnswer(
            completion.text,
            completion.finish_reason,
            f"{problem} (after {tries} attempt{'s' if tries > 1 else ''})",
            tuple(state.attempts),
        )

    def _next_request(
        self, state: _InFlight, problem: AnswerProblem, text: str
    ) -> GenerationRequest | None:
        if len(state.attempts) > self.settings.max_retries:
            return None
        sampling = state.request.sampling
        if problem.kind == "truncated":
            ceiling = state.plan.request.sampling.max_tokens * MAX_TOKENS_GROWTH
            if sampling.max_tokens >= ceiling:
                return None
            sampling = replace(sampling, max_tokens=min(ceiling, sampling.max_tokens * 2))
        elif text == state.last_text:
            return None  # the model repeats itself: asking again cannot help
        if sampling.temperature > 0:
            sampling = replace(sampling, seed=sampling.seed + _RETRY_SEED_STEP)
        return replace(state.request, sampling=sampling)

    def _outcome(
        self, report: ReportInput, plans: Sequence[PlannedRequest], answers: dict[str, Answer]
    ) -> ExtractionOutcome:
        by_task: dict[Task, list[Answer]] = {}
        for plan in plans:
            by_task.setdefault(plan.task, []).append(answers[plan.key])
        return assemble_outcome(report, by_task, self.statistics)
