"""What the extraction engine asks of a model runtime, and what it gets back.

Two runtimes implement `Generator`: in-process `vllm.LLM` and an OpenAI-compatible server. Both
receive a prompt split in two — the shared instruction (byte-identical for every report of a task,
so vLLM's prefix cache serves it) and the report part — plus the JSON Schema the answer must follow.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True)
class Prompt:
    """A rendered prompt: the shared instruction first, then the report."""

    instruction: str
    report: str

    @property
    def text(self) -> str:
        """The whole prompt, for completion-style requests."""
        return self.instruction + self.report

    def messages(self) -> list[dict[str, str]]:
        """The prompt as chat messages: the instruction as system, the report as user."""
        return [
            {"role": "system", "content": self.instruction},
            {"role": "user", "content": self.report},
        ]


@dataclass(frozen=True)
class Sampling:
    """Sampling parameters of one request; every one of them is part of the cache key."""

    temperature: float
    top_p: float
    seed: int
    max_tokens: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "temperature": self.temperature,
            "top_p": self.top_p,
            "seed": self.seed,
            "max_tokens": self.max_tokens,
        }


@dataclass(frozen=True)
class GenerationRequest:
    """One prompt to complete under a JSON Schema. `label` names it in logs (never text)."""

    label: str
    prompt: Prompt
    schema: dict[str, Any]
    sampling: Sampling
    prompt_format: str = "chat"


@dataclass(frozen=True)
class Completion:
    """The model's answer text and how generation ended."""

    text: str
    finish_reason: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached_tokens: int = 0


@dataclass(frozen=True)
class Unavailable:
    """No answer: the runtime could not be reached or refused the request. Never cached."""

    reason: str


Result = Completion | Unavailable


class Generator(Protocol):
    """A model runtime: completes prompts, yields results in any order with their index."""

    backend: str

    def identity(self) -> dict[str, Any]:
        """What about this runtime can change answers (library versions, decoding settings);
        part of every cache key."""
        ...

    def describe(self) -> dict[str, Any]:
        """Provenance of the runtime (device, settings) recorded on the ExtractionRun."""
        ...

    def generate(self, requests: Sequence[GenerationRequest]) -> Iterator[tuple[int, Result]]:
        """Complete every request; yields (index into `requests`, result) once per request."""
        ...

    def close(self) -> None:
        """Release the runtime (engine processes, connections)."""
        ...
