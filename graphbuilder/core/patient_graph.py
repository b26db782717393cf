"""One patient's subgraph as plain rows, checked against the graph schema.

Assembly fills it, the rule passes (RECIST, conflicts) and curation add to it, and the stores
load it. The patient is the unit of incremental rebuild: `content_hash` changes exactly when
a row of the patient's subgraph changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema

RelationshipKey = tuple[str, str, str]  # (type, source label, target label)
Row = dict[str, Any]


@dataclass
class PatientGraph:
    patient_id: str
    nodes: dict[str, dict[str, Row]] = field(default_factory=dict)  # label → id → row
    relationships: dict[RelationshipKey, dict[tuple[str, str], Row]] = field(default_factory=dict)
    schema: GraphSchema = field(default=GRAPH_SCHEMA, repr=False)
    _checks: _SchemaChecks = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._checks = _schema_checks(self.schema)

    def __getstate__(self) -> dict[str, Any]:
        # The process cache pickles a graph per patient: the built-in schema goes by
        # reference, or it would be 15 KB of every patient's entry.
        state: dict[str, Any] = {"patient_id": self.patient_id, "nodes": self.nodes}
        state["relationships"] = self.relationships
        if self.schema is not GRAPH_SCHEMA:
            state["schema"] = self.schema
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.patient_id = state["patient_id"]
        self.nodes = state["nodes"]
        self.relationships = state["relationships"]
        self.schema = state.get("schema", GRAPH_SCHEMA)
        self._checks = _schema_checks(self.schema)

    def add_node(self, label: str, row: Row) -> str:
        """Add (or overwrite, same id) a node row; returns its id."""
        check = self._checks.nodes.get(label) or _node_check(self.schema, label)
        if not check.allowed.issuperset(row):
            raise ValueError(f"{label} has no properties {sorted(row.keys() - check.allowed)}")
        for name in check.required:
            if row.get(name) is None:
                missing = [name for name in check.required if row.get(name) is None]
                raise ValueError(f"{label} {row.get('id')!r} lacks required {missing}")
        rows = self.nodes.get(label)
        if rows is None:
            rows = self.nodes[label] = {}
        node_id = row["id"]
        rows[node_id] = row
        return str(node_id)

    def add_relationship(
        self,
        rel_type: str,
        source: tuple[str, str],
        target: tuple[str, str],
        properties: Row | None = None,
    ) -> None:
        """Add a relationship between (label, id) endpoints; one per endpoint pair and type."""
        check = self._checks.relationships.get(rel_type) or _relationship_check(
            self.schema, rel_type
        )
        if (source[0], target[0]) not in check.endpoints:
            raise ValueError(f"{rel_type} does not go from {source[0]} to {target[0]}")
        if properties is None:
            properties = {}
        elif not check.allowed.issuperset(properties):
            unknown = sorted(properties.keys() - check.allowed)
            raise ValueError(f"{rel_type} has no properties {unknown}")
        key = (rel_type, source[0], target[0])
        edges = self.relationships.get(key)
        if edges is None:
            edges = self.relationships[key] = {}
        edges[(source[1], target[1])] = properties

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())

    def content_hash(self) -> str:
        """Hash of every row, independent of insertion order.

        A no-change rebuild hashes every patient, so the lines are encoded by one reusable
        encoder and hashed in one piece (the bytes, hence the hash, are as they always were)."""
        lines: list[str] = []
        for label in sorted(self.nodes):
            rows = self.nodes[label]
            for node_id in sorted(rows):
                row = rows[node_id]
                if "content_hash" in row:  # the Patient row carries the hash itself
                    row = {k: v for k, v in row.items() if k != "content_hash"}
                lines.append(f"{label}|{_canonical(row)}\n")
        for key in sorted(self.relationships):
            edges = self.relationships[key]
            for ends in sorted(edges):
                lines.append(f"{key}|{ends}|{_canonical(edges[ends])}\n")
        return hashlib.blake2b("".join(lines).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class _NodeCheck:
    allowed: frozenset[str]
    required: tuple[str, ...]  # in schema order, as the error lists them


@dataclass(frozen=True, slots=True)
class _RelationshipCheck:
    allowed: frozenset[str]
    endpoints: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class _SchemaChecks:
    """What every row is checked against, per label and type, computed once per schema:
    assembly adds hundreds of rows per patient, so the check must be a couple of set tests."""

    schema: GraphSchema
    nodes: dict[str, _NodeCheck] = field(default_factory=dict)
    relationships: dict[str, _RelationshipCheck] = field(default_factory=dict)


_BUILTIN_CHECKS = _SchemaChecks(GRAPH_SCHEMA)
_CHECKS: dict[GraphSchema, _SchemaChecks] = {}  # other schemas (tests, plugins), by value


def _schema_checks(schema: GraphSchema) -> _SchemaChecks:
    if schema is GRAPH_SCHEMA:  # hashing a schema costs more than a patient's checks
        return _BUILTIN_CHECKS
    found = _CHECKS.get(schema)
    if found is None:
        found = _CHECKS[schema] = _SchemaChecks(schema)
    return found


def _node_check(schema: GraphSchema, label: str) -> _NodeCheck:
    node_type = schema.node(label)  # KeyError for a label the schema does not have
    check = _NodeCheck(
        frozenset(node_type.property_names()),
        tuple(p.name for p in node_type.properties if p.required and p.name != "content_hash"),
    )
    _schema_checks(schema).nodes[label] = check
    return check


def _relationship_check(schema: GraphSchema, rel_type: str) -> _RelationshipCheck:
    rel = schema.relationship(rel_type)
    check = _RelationshipCheck(frozenset(rel.property_names()), frozenset(rel.endpoints))
    _schema_checks(schema).relationships[rel_type] = check
    return check


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot hash {type(value).__name__}")


# json.dumps builds an encoder per call: a third of the cost of a row this small.
_canonical = json.JSONEncoder(sort_keys=True, default=_json_default, ensure_ascii=False).encode
