"""The one error hierarchy of graphbuilder.

Every message says what was wrong, where (file, line, report id) and what to do. The CLI
prints `str(error)` on one line and exits non-zero; tracebacks only with `--debug`.
"""

from __future__ import annotations

from pydantic import ValidationError


class GraphBuilderError(Exception):
    """Base class of every error graphbuilder raises on purpose."""

    exit_code = 1


class InputError(GraphBuilderError):
    """A report, manifest, events file or extraction file cannot be used as given."""

    exit_code = 2


class ConfigError(GraphBuilderError):
    """A setting in graphbuilder.toml or on the command line is invalid."""

    exit_code = 2


class ExtractionError(GraphBuilderError):
    """An extraction backend failed or is not available."""


class StoreError(GraphBuilderError):
    """The graph store cannot be opened, written or queried."""


class ExportError(GraphBuilderError):
    """An export (FHIR, RDF, timeline, tables) cannot be produced."""


def located(
    message: str,
    *,
    file: str | None = None,
    line: int | None = None,
    report_id: str | None = None,
    hint: str | None = None,
) -> str:
    """Compose the standard `file:line: report R: message (hint)` error text."""
    where = ""
    if file is not None:
        where = f"{file}:{line}: " if line is not None else f"{file}: "
    if report_id is not None:
        where += f"report {report_id!r}: "
    text = f"{where}{message}"
    if hint:
        text += f" — {hint}"
    return text


def validation_problem(error: ValidationError, whole: str = "line") -> str:
    """The first problem pydantic found, as `dotted.path: message` (`whole` when it has no path)."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or whole
    return f"{where}: {first['msg']}"
