"""How long steps report progress without knowing who is watching (a rich bar, or nobody)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Protocol


class StepProgress(Protocol):
    def advance(self, amount: int = 1) -> None: ...


class Progress(Protocol):
    def step(self, description: str, total: int | None) -> AbstractContextManager[StepProgress]:
        """A context in which one step advances towards `total` units (None: unknown)."""
        ...


class _Silent:
    def advance(self, amount: int = 1) -> None:
        return None


class SilentProgress:
    """Progress that shows nothing: the default for library calls and tests."""

    def step(self, description: str, total: int | None) -> AbstractContextManager[StepProgress]:
        return nullcontext(_Silent())
