"""A hospital's prompt as a process: the LLM implementation of a plugin variable.

`Implementation("llm", "graphbuilder.pipeline.processes.prompted:run", prompts=(TEMPLATE,))`
asks the build's LLM runtime (the `vllm` or `openai` backend's) the plugin's versioned prompt
(`<dir>/<task>/<task>.v<N>.jinja` and its examples) for every report the process applies to,
under the JSON Schema of the answer form of its output model (values with verbatim quotes).
Answers are parsed, every quote is grounded in the report (a value whose quote is not there is
dropped) and the output model is filled with the evidence found. The process's own cache
replays the outputs; the prompt files' content is part of its key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from graphbuilder.core.errors import ConfigError
from graphbuilder.extract.backends.llm.answers import AnswerModel, root_answer_model
from graphbuilder.extract.backends.llm.convert import convert_answer
from graphbuilder.extract.backends.llm.generation import (
    Completion,
    GenerationRequest,
    Generator,
    Sampling,
)
from graphbuilder.extract.backends.llm.grounding import Grounder
from graphbuilder.extract.backends.llm.prompts import PromptTemplate, load_prompt
from graphbuilder.extract.backends.llm.responses import AnswerProblem, parse_answer
from graphbuilder.extract.backends.llm.settings import LLMSettings
from graphbuilder.extract.schema import json_schema
from graphbuilder.pipeline.processes.model import Process, ReportOutcome, ReportView

_TEMPLATE_NAME = re.compile(r"^(?P<task>\w+)\.v(?P<version>\d+)\.jinja$")
MAX_TOKENS = 512


def prompt_of(path: str) -> PromptTemplate:
    """The prompt a template path names: `<dir>/<task>/<task>.v<N>.jinja`."""
    template = Path(path)
    match = _TEMPLATE_NAME.match(template.name)
    if match is None or template.parent.name != match["task"]:
        raise ConfigError(f"{path}: a prompt template is named <dir>/<task>/<task>.v<N>.jinja")
    return load_prompt(match["task"], int(match["version"]), template.parent.parent)


@lru_cache(maxsize=64)
def answer_model(model: type[BaseModel]) -> type[AnswerModel]:
    """The answer form of an output model: its fields, each value with its quote."""
    return root_answer_model(
        model, tuple(model.model_fields), f"{model.__name__}Answer", model.__doc__ or ""
    )


def runtime(context: Any) -> tuple[Generator, LLMSettings]:
    """The LLM runtime of the build (its extraction backend's), or a clear error."""
    backend = getattr(context.extraction, "backend", None)
    generator, settings = getattr(backend, "generator", None), getattr(backend, "settings", None)
    if generator is None or not isinstance(settings, LLMSettings):
        raise ConfigError(
            "an LLM process needs an LLM runtime: build with --backend vllm or openai "
            "and --llm-model"
        )
    return generator, settings


def run(views: Sequence[ReportView], call: Any) -> list[ReportOutcome]:
    """Ask the process's prompt for each report; one outcome per report."""
    process: Process = call.process
    if process.output_model is None or not process.implementation.prompts:
        raise ConfigError(f"process {process.name!r}: an LLM process needs a prompt and a model")
    generator, settings = runtime(call.context)
    template = prompt_of(process.implementation.prompts[0])
    answer = answer_model(process.output_model)
    schema = json_schema(answer)
    sampling = Sampling(
        settings.temperature, settings.top_p, settings.seed, settings.max_tokens or MAX_TOKENS
    )
    requests = [
        GenerationRequest(
            f"report {view.report.report_id!r} {process.name} #1",
            template.render(view.report.text),
            schema,
            sampling,
            settings.prompt_format,
        )
        for view in views
    ]
    results = dict(generator.generate(requests))
    return [_outcome(process, answer, view, results.get(index)) for index, view in enumerate(views)]


def _outcome(
    process: Process, answer: type[AnswerModel], view: ReportView, result: object
) -> ReportOutcome:
    if not isinstance(result, Completion):
        reason = getattr(result, "reason", "no answer")
        return ReportOutcome(failure=f"the model gave no answer ({reason})")
    parsed = parse_answer(result, answer)
    if isinstance(parsed, AnswerProblem):
        return ReportOutcome(failure=f"{process.name}: {parsed}")
    conversion = convert_answer(parsed, Grounder(view.report.text))
    assert process.output_model is not None
    try:
        output = process.output_model.model_validate(conversion.data)
    except ValidationError as error:
        return ReportOutcome(failure=f"{process.name}: {error.errors()[0]['msg']}")
    empty = output == process.output_model()
    return ReportOutcome(None if empty else output, tuple(conversion.warnings(process.name)))
