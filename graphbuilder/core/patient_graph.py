"""One patient's subgraph as plain rows, checked against the graph schema.

Assembly fills it, the rule passes (RECIST, conflicts) and curation add to it, and the stores
load it. The patient is the unit of incremental rebuild: `content_hash` changes exactly when
a row of the patient's subgraph changes.
"""

from __future__ import annotations

import hashlib
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

    def row_digests(self) -> RowDigests:
        """An 8-byte digest of every row, by the row's key: a store compares two patients'
        digests to write only the rows that changed. The Patient row's own `content_hash` is
        left out (it is derived from the others)."""
        digests: dict[RowKey, bytes] = {}
        for label, rows in self.nodes.items():
            for node_id, row in rows.items():
                if "content_hash" in row:
                    row = {k: v for k, v in row.items() if k != "content_hash"}
                digests[(label, node_id)] = _row_digest(row)
        for (rel_type, source, target), edges in self.relationships.items():
            for (start, end), properties in edges.items():
                digests[(rel_type, source, target, start, end)] = (
                    _row_digest(properties) if properties else _EMPTY_ROW
                )
        return digests

    def content_hash(self) -> str:
        """Hash of every row, independent of insertion order."""
        return content_hash_of(self.row_digests())


RowKey = tuple[str, ...]  # (label, id) of a node; (type, labels, ids) of a relationship
RowDigests = dict[RowKey, bytes]


def is_node_key(key: RowKey) -> bool:
    return len(key) == 2


def content_hash_of(digests: RowDigests) -> str:
    """The patient's content hash from its row digests (see `PatientGraph.row_digests`)."""
    hasher = hashlib.blake2b(digest_size=16)
    for key in sorted(digests):
        hasher.update("\x1f".join(key).encode())
        hasher.update(digests[key])
    return hasher.hexdigest()


def _row_digest(row: Row) -> bytes:
    # The row's repr: rows hold str, int, float, bool, date and None only, whose reprs are
    # exact and stable, and the code that builds a row always adds its keys in one order (a
    # digest that changed with the order alone would only rewrite the row). Sorting the items
    # first made the digests of a patient's rows half again as dear.
    return _blake2b(repr(row).encode(), digest_size=8).digest()


_blake2b = hashlib.blake2b
_EMPTY_ROW = _row_digest({})


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
