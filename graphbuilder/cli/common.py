"""What every command shares: one-line errors, rich progress bars, parameter parsing."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graphbuilder.core.errors import GraphBuilderError
from graphbuilder.core.progress import StepProgress

P = ParamSpec("P")
R = TypeVar("R")

console = Console(stderr=True)
state = {"debug": False}


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Print a GraphBuilderError as one line and exit non-zero; tracebacks only with --debug."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except GraphBuilderError as error:
            if state["debug"]:
                raise
            # escaped: a message may hold brackets ("[extract.llm]", a Cypher pattern, a path)
            console.print(
                f"[bold red]error:[/] {escape(str(error))}", highlight=False, soft_wrap=True
            )
            raise typer.Exit(error.exit_code) from None

    return wrapper


class RichProgress:
    """Progress bars on stderr, one per step; silent when stderr is not a terminal."""

    def step(self, description: str, total: int | None) -> AbstractContextManager[StepProgress]:
        return self._step(description, total)

    @contextmanager
    def _step(self, description: str, total: int | None) -> Iterator[StepProgress]:
        columns = [
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        ]
        with Progress(
            *columns, console=console, transient=False, disable=not sys.stderr.isatty()
        ) as bar:
            task = bar.add_task(description, total=total)

            class _Step:
                def advance(self, amount: int = 1) -> None:
                    bar.advance(task, amount)

            yield _Step()
            bar.update(task, completed=total or 1, total=total or 1)


def parse_parameters(pairs: list[str]) -> dict[str, Any]:
    """`["n=5", "regimen=FOLFOX", "ratio=0.2"]` → {"n": 5, "regimen": "FOLFOX", "ratio": 0.2}."""
    parameters: dict[str, Any] = {}
    for pair in pairs:
        name, sep, text = pair.partition("=")
        if not sep or not name:
            raise typer.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        parameters[name] = _typed(text)
    return parameters


def _typed(text: str) -> Any:
    for convert in (int, float):
        try:
            return convert(text)
        except ValueError:
            pass
    return {"true": True, "false": False}.get(text.lower(), text)
