"""Versioned prompt files: `prompts/<task>/<task>.v<N>.jinja` and its few-shot examples.

A template has two blocks. `instruction` (persona, classes, field guide, few-shot examples) never
sees the report, so it is byte-identical for every report of a task and vLLM's prefix cache serves
it; `report` holds the report text and comes last. Examples are data beside the template
(`<task>.v<N>.examples.json`: a list of `{"text": ..., "answer": {...}}`). A released prompt is
never edited: a change is a new version, and `prompts/released.json` pins each file's hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
import jinja2.nodes

from graphbuilder.core.errors import ConfigError
from graphbuilder.core.resources import resource_root
from graphbuilder.extract.backends.llm.generation import Prompt

BLOCKS = ("instruction", "report")
_ENVIRONMENT = jinja2.Environment(
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=True,
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,
)


def default_prompts_dir() -> Path:
    """`prompts/` at the project root (beside the `graphbuilder` package, or in a wheel's)."""
    return resource_root() / "prompts"


@dataclass(frozen=True)
class PromptExample:
    """One few-shot example: a short synthetic report and the answer it should get."""

    text: str
    answer: dict[str, Any]

    @property
    def answer_json(self) -> str:
        """The answer as the model should write it: compact JSON, keys in schema order."""
        return json.dumps(self.answer, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class PromptTemplate:
    """A loaded prompt version: render it for a report, hash it for the cache and provenance."""

    task: str
    version: int
    source: str
    examples: tuple[PromptExample, ...]
    sha256: str

    @property
    def id(self) -> str:
        return f"{self.task}.v{self.version}"

    @cached_property
    def _template(self) -> jinja2.Template:
        return _ENVIRONMENT.from_string(self.source)

    @cached_property
    def instruction(self) -> str:
        """The shared part: identical for every report."""
        examples = [{"text": e.text, "answer_json": e.answer_json} for e in self.examples]
        return self._render_block("instruction", {"examples": examples})

    def render(self, report_text: str) -> Prompt:
        """The prompt for one report: the shared instruction, then the report."""
        return Prompt(self.instruction, self._render_block("report", {"report": report_text}))

    def _render_block(self, block: str, variables: dict[str, Any]) -> str:
        context = self._template.new_context(variables)
        try:
            return "".join(self._template.blocks[block](context))
        except jinja2.UndefinedError as error:
            raise ConfigError(
                f"prompt {self.id}: block {block!r} uses an unknown variable ({error.message})"
            ) from None


def load_prompt(task: str, version: int, directory: Path | None = None) -> PromptTemplate:
    """Read `<directory>/<task>/<task>.v<version>.jinja` and its examples; check their form."""
    folder = (directory or default_prompts_dir()) / task
    template_path = folder / f"{task}.v{version}.jinja"
    examples_path = folder / f"{task}.v{version}.examples.json"
    try:
        source_bytes = template_path.read_bytes()
        examples_bytes = examples_path.read_bytes()
    except OSError as error:
        raise ConfigError(
            f"{error.filename}: cannot read prompt {task}.v{version} ({error.strerror}) — "
            "prompts live in prompts/<task>/ at the project root (or pass a prompts directory)"
        ) from None
    source = source_bytes.decode("utf-8")
    _check_blocks(template_path, source)
    digest = hashlib.sha256(source_bytes + b"\0" + examples_bytes).hexdigest()
    examples = _examples(examples_path, examples_bytes)
    return PromptTemplate(task, version, source, examples, digest)


def _check_blocks(path: Path, source: str) -> None:
    try:
        tree = _ENVIRONMENT.parse(source)
    except jinja2.TemplateSyntaxError as error:
        raise ConfigError(
            f"{path}:{error.lineno}: not a valid template ({error.message})"
        ) from None
    blocks = tuple(node.name for node in tree.body if isinstance(node, jinja2.nodes.Block))
    if blocks != BLOCKS:
        raise ConfigError(
            f"{path}: a prompt template needs exactly the blocks {BLOCKS}, in that order "
            f"(found {blocks})"
        )
    for node in tree.body:
        if isinstance(node, jinja2.nodes.Block) or _is_blank(node):
            continue
        raise ConfigError(
            f"{path}:{node.lineno}: text outside the blocks would never reach the model"
        )


def _is_blank(node: jinja2.nodes.Node) -> bool:
    return isinstance(node, jinja2.nodes.Output) and all(
        isinstance(part, jinja2.nodes.TemplateData) and not part.data.strip() for part in node.nodes
    )


def _examples(path: Path, raw: bytes) -> tuple[PromptExample, ...]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ConfigError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and set(item) == {"text", "answer"} for item in data
    ):
        raise ConfigError(f"{path}: expected a list of {{'text': ..., 'answer': {{...}}}}")
    return tuple(PromptExample(item["text"], item["answer"]) for item in data)
