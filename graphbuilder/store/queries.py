"""The researchers' library of named Cypher queries: `cypher/queries/NAME.cypher`.

Each file starts with a header of `//` comment lines:

    // Question: Which patients ... within N months of starting a line?
    // Parameters:
    //   months  INT = 6     months after the line's start
    //   patient STRING      the patient's id (no default: required)
    // Columns: patient_id, line, regimen, progression_date
    // Dialect: date arithmetic differs; the embedded store runs NAME.ladybug.cypher

The file itself is Cypher that both engines accept, or, when a `NAME.<engine>.cypher` variant
sits beside it, the Neo4j text; the variant starts with `// Variant of NAME.cypher for
<engine>: why`. The differences between the two dialects live only in those variant files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from graphbuilder.core.errors import ConfigError, InputError, StoreError
from graphbuilder.core.resources import resource_root
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.neo4j import Neo4jStore

ENGINES = ("neo4j", "ladybug")  # Neo4j, and LadybugDB for the embedded store
SUFFIX = ".cypher"
TYPES = ("STRING", "INT", "FLOAT", "BOOLEAN", "DATE")
_SECTION = re.compile(r"^([A-Z][A-Za-z ]*):\s*(.*)$")
_PARAMETER = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[A-Z]+)"
    r"(?:\s*=\s*(?P<default>\"[^\"]*\"|\S+))?\s*(?P<description>.*)$"
)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    description: str
    default: Any = None
    required: bool = True

    def signature(self) -> str:
        if self.required:
            return f"{self.name} {self.type}"
        shown = f'"{self.default}"' if isinstance(self.default, str) else self.default
        if isinstance(self.default, bool):
            shown = str(self.default).lower()
        return f"{self.name} {self.type} = {shown}"


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    question: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    dialect: str = ""  # why engine variants exist, when they do
    variants: dict[str, Path] = field(default_factory=dict)  # engine → its own file

    def path_for(self, engine: str) -> Path:
        if engine not in ENGINES:
            raise ConfigError(f"engine {engine!r} is not one of {', '.join(ENGINES)}")
        return self.variants.get(engine, self.path)

    def text(self, engine: str) -> str:
        """The Cypher this engine runs (header comments included: both engines accept them)."""
        return self.path_for(engine).read_text(encoding="utf-8")

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """The query's parameters from NAME=VALUE texts (or typed values), defaults filled."""
        known = {parameter.name for parameter in self.parameters}
        unknown = sorted(set(given) - known)
        if unknown:
            raise ConfigError(
                f"query {self.name}: no parameter {', '.join(unknown)} "
                f"(it takes: {', '.join(sorted(known)) or 'none'})"
            )
        bound: dict[str, Any] = {}
        for parameter in self.parameters:
            if parameter.name in given:
                bound[parameter.name] = _typed(self.name, parameter, given[parameter.name])
            elif parameter.required:
                raise ConfigError(
                    f"query {self.name}: --param {parameter.name}=… is required "
                    f"({parameter.type}: {parameter.description})"
                )
            else:
                bound[parameter.name] = parameter.default
        return bound


def default_query_dir() -> Path:
    """`cypher/queries` at the project root (or in the package, installed from a wheel)."""
    return resource_root() / "cypher" / "queries"


def load_library(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every named query in the folder, by name."""
    folder = folder or default_query_dir()
    if not folder.is_dir():
        raise StoreError(
            f"{folder}: no named-query folder here — this graphbuilder installation lacks its "
            "cypher/queries: reinstall it (from a checkout or a wheel built by pip)"
        )
    files = sorted(folder.glob(f"*{SUFFIX}"))
    bases = [path for path in files if "." not in path.name.removesuffix(SUFFIX)]
    library = {path.name.removesuffix(SUFFIX): parse_query(path) for path in bases}
    for path in files:
        name, _, engine = path.name.removesuffix(SUFFIX).partition(".")
        if engine:
            _attach_variant(library, name, engine, path)
    return library


def named_query(name: str, folder: Path | None = None) -> NamedQuery:
    library = load_library(folder)
    if name not in library:
        raise InputError(
            f"no named query {name!r} — `graphbuilder queries` lists them: {', '.join(library)}"
        )
    return library[name]


def engine_of(store: EmbeddedStore | Neo4jStore) -> str:
    return "neo4j" if isinstance(store, Neo4jStore) else "ladybug"


def run_named(
    store: EmbeddedStore | Neo4jStore, query: NamedQuery, given: Mapping[str, Any]
) -> pl.DataFrame:
    """Run a named query with its parameters bound, on the engine's own text."""
    return store.query(query.text(engine_of(store)), query.bind(given))


# ------------------------------------------------------------------------ header parsing
def header_sections(path: Path) -> dict[str, list[str]]:
    """The leading `//` lines as sections: `Key: text` opens one, indented lines continue it."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("//"):
            break
        body = line[2:].removeprefix(" ")
        match = _SECTION.match(body)
        if match:
            current = sections.setdefault(match.group(1), [])
            if match.group(2).strip():
                current.append(match.group(2).strip())
        elif current is not None and body.strip():
            current.append(body.strip())
    return sections


def parse_query(path: Path) -> NamedQuery:
    sections = header_sections(path)
    name = path.name.removesuffix(SUFFIX)
    for required in ("Question", "Parameters", "Columns"):
        if not sections.get(required):
            raise StoreError(f"{path}: the header lacks `// {required}: …` — see cypher/README.md")
    columns = tuple(c.strip() for c in " ".join(sections["Columns"]).split(",") if c.strip())
    lines = sections["Parameters"]
    parameters = () if lines == ["none"] else tuple(_parameter(path, line) for line in lines)
    return NamedQuery(
        name=name,
        path=path,
        question=" ".join(sections["Question"]),
        parameters=parameters,
        columns=columns,
        dialect=" ".join(sections.get("Dialect", [])),
    )


def _parameter(path: Path, line: str) -> Parameter:
    match = _PARAMETER.match(line)
    if match is None or match.group("type") not in TYPES:
        raise StoreError(
            f"{path}: parameter line {line!r} is not `name TYPE [= default] description` "
            f"(types: {', '.join(TYPES)})"
        )
    name, kind, default = match.group("name", "type", "default")
    description = match.group("description")
    if default is None:
        return Parameter(name, kind, description)
    probe = Parameter(name, kind, description)
    return Parameter(name, kind, description, _typed(path.name, probe, default.strip('"')), False)


def _attach_variant(library: dict[str, NamedQuery], name: str, engine: str, path: Path) -> None:
    base = library.get(name)
    if base is None or engine not in ENGINES:
        raise StoreError(
            f"{path}: a variant must be NAME.<engine>.cypher beside NAME.cypher "
            f"(engines: {', '.join(ENGINES)})"
        )
    declared = " ".join(header_sections(path).get("Variant of", []))
    if not declared.startswith(f"{name}{SUFFIX} for {engine}"):
        raise StoreError(f"{path}: must start with `// Variant of: {name}{SUFFIX} for {engine}: …`")
    if not base.dialect:
        raise StoreError(f"{base.path}: has a {engine} variant but no `// Dialect: …` line")
    base.variants[engine] = path


def _typed(query: str, parameter: Parameter, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        if parameter.type == "INT":
            return int(value)
        if parameter.type == "FLOAT":
            return float(value)
        if parameter.type == "DATE":
            return dt.date.fromisoformat(value)
        if parameter.type == "BOOLEAN":
            return {"true": True, "false": False}[value.lower()]
    except (ValueError, KeyError):
        raise ConfigError(
            f"query {query}: --param {parameter.name}={value!r} is not a {parameter.type}"
        ) from None
    return value
