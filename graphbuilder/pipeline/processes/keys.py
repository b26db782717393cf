"""Cache keys: a process's identity, and what one report or patient gives it as input.

A unit's key digests the process identity (name, version, implementation fingerprint,
parameters), the unit's own sources (a report's text hash, kind and date; a patient's events
and curation entries) and the keys of the upstream units it reads. Keys chain: a new version of
a process changes its keys and therefore those of everything downstream, for the units it
touches only. The implementation fingerprint hashes the source files of the modules that
implement it (a changed rule re-runs it) or, for an LLM, the prompts, schemas, model and
sampling of the tasks it reads.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import graphbuilder
from graphbuilder.core.errors import ConfigError
from graphbuilder.core.ids import digest
from graphbuilder.core.resources import resource_root
from graphbuilder.extract.backend import BackendInfo
from graphbuilder.pipeline.processes.model import Process

KEY_LENGTH = 24
_ROOT = resource_root()


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=256)
def source_hash(module_name: str) -> str:
    """Hash of a module's source file, or of every .py file of a package."""
    try:
        spec = importlib.util.find_spec(module_name)
    except (ImportError, ValueError):
        spec = None
    if spec is None or spec.origin is None:
        raise ConfigError(
            f"implementation source {module_name!r} cannot be found — is it installed?"
        )
    origin = Path(spec.origin)
    files = sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]
    hasher = hashlib.blake2b(digest_size=12)
    for path in files:
        hasher.update(path.name.encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()


def file_hash(path: str) -> str:
    """Hash of a prompt or schema file (a template with its examples file), or 'missing'.

    Relative paths are the built-in ones, relative to the project root."""
    file = Path(path) if Path(path).is_absolute() else _ROOT / path
    hasher = hashlib.blake2b(digest_size=12)
    for part in (file, file.with_name(file.name.replace(".jinja", ".examples.json"))):
        if part.is_file():
            hasher.update(part.read_bytes())
    return hasher.hexdigest() if file.is_file() else "missing"


def llm_fingerprint(info: BackendInfo, tasks: Iterable[str]) -> str:
    """The parts of an LLM backend's provenance that the given tasks' answers depend on."""
    parameters = info.parameters
    chosen = set(tasks)
    relevant = {
        "backend": info.backend,
        "model": info.model,
        "model_revision": info.model_revision,
        "prompts": {k: v for k, v in parameters.get("prompts", {}).items() if k in chosen},
        "schemas": {k: v for k, v in parameters.get("schemas", {}).items() if k in chosen},
        "rest": {k: v for k, v in parameters.items() if k not in ("prompts", "schemas")},
    }
    return digest(canonical_json(relevant), length=KEY_LENGTH)


def fingerprint(process: Process, backend: BackendInfo | None) -> str:
    """What identifies the process's implementation beyond its declared version."""
    implementation = process.implementation
    parts: list[str] = [graphbuilder.__version__, implementation.kind, implementation.reference]
    parts += [source_hash(module) for module in implementation.source_modules()]
    parts += [file_hash(path) for path in (*implementation.prompts, *implementation.schemas)]
    if implementation.kind == "llm":
        if backend is None:
            raise ConfigError(f"process {process.name!r} is an LLM process: it needs the backend")
        parts.append(llm_fingerprint(backend, implementation.tasks))
    return digest(*parts, length=KEY_LENGTH)


@dataclass(frozen=True)
class Identity:
    """A process as configured for a build; `run_id` names its runs in the graph's lineage."""

    process: str
    version: str
    fingerprint: str
    parameters: str  # canonical JSON

    @cached_property  # read once per unit key: hashed once per build
    def key(self) -> str:
        return digest(self.process, self.version, self.fingerprint, self.parameters)

    @property
    def run_id(self) -> str:
        return f"run:{digest('process-run', self.key)}"


def identity(process: Process, backend: BackendInfo | None) -> Identity:
    return Identity(
        process.name,
        process.version,
        fingerprint(process, backend),
        canonical_json(dict(process.parameters)),
    )


@dataclass(frozen=True)
class UnitKey:
    """A unit's key and its parts, kept so that a plan can say why a unit re-runs."""

    key: str
    version: str
    fingerprint: str
    parameters: str
    sources: str
    upstream: str


def unit_key(who: Identity, sources: str, upstream: Iterable[str]) -> UnitKey:
    upstream_part = upstream_digest(list(upstream))
    key = key_text(who, sources, upstream_part)
    return UnitKey(key, who.version, who.fingerprint, who.parameters, sources, upstream_part)


def upstream_digest(upstream: Sequence[str]) -> str:
    """The upstream part of a unit key: one digest of the upstream units' keys."""
    return digest(*upstream, length=KEY_LENGTH) if upstream else _NO_UPSTREAM


def key_text(who: Identity, sources: str, upstream_part: str) -> str:
    """A unit's key alone (`unit_key` with its parts, for a unit that re-runs)."""
    return digest(who.key, sources, upstream_part, length=KEY_LENGTH)


_NO_UPSTREAM = digest(length=KEY_LENGTH)  # the extraction processes': one per report each


def report_sources(sha256: str, kind: str, date: object, extra: str) -> str:
    """A report's own inputs: its text hash, kind, date and (precomputed) extraction hash."""
    return digest(sha256, kind, date, extra, length=KEY_LENGTH)


def rows_hash(rows: Iterable[Mapping[str, Any]]) -> str:
    """Hash of a patient's events or curation entries: their content, in any order."""
    return digest(*sorted(canonical_json(dict(row)) for row in rows), length=KEY_LENGTH)
