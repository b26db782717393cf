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

    def add_node(self, label: str, row: Row) -> str:
        """Add (or overwrite, same id) a node row; returns its id."""
        node_type = self.schema.node(label)
        unknown = set(row) - set(node_type.property_names())
        if unknown:
            raise ValueError(f"{label} has no properties {sorted(unknown)}")
        missing = [
            p.name
            for p in node_type.properties
            if p.required and row.get(p.name) is None and p.name != "content_hash"
        ]
        if missing:
            raise ValueError(f"{label} {row.get('id')!r} lacks required {missing}")
        self.nodes.setdefault(label, {})[row["id"]] = row
        return str(row["id"])

    def add_relationship(
        self,
        rel_type: str,
        source: tuple[str, str],
        target: tuple[str, str],
        properties: Row | None = None,
    ) -> None:
        """Add a relationship between (label, id) endpoints; one per endpoint pair and type."""
        rel = self.schema.relationship(rel_type)
        if (source[0], target[0]) not in rel.endpoints:
            raise ValueError(f"{rel_type} does not go from {source[0]} to {target[0]}")
        props = properties or {}
        unknown = set(props) - set(rel.property_names())
        if unknown:
            raise ValueError(f"{rel_type} has no properties {sorted(unknown)}")
        key = (rel_type, source[0], target[0])
        self.relationships.setdefault(key, {})[(source[1], target[1])] = props

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def relationship_count(self) -> int:
        return sum(len(rows) for rows in self.relationships.values())

    def content_hash(self) -> str:
        """Hash of every row, independent of insertion order."""
        digest = hashlib.blake2b(digest_size=16)
        for label in sorted(self.nodes):
            for node_id in sorted(self.nodes[label]):
                row = {k: v for k, v in self.nodes[label][node_id].items() if k != "content_hash"}
                digest.update(f"{label}|{_canonical(row)}\n".encode())
        for key in sorted(self.relationships):
            for ends in sorted(self.relationships[key]):
                digest.update(
                    f"{key}|{ends}|{_canonical(self.relationships[key][ends])}\n".encode()
                )
        return digest.hexdigest()


def _canonical(row: Row) -> str:
    return json.dumps(row, sort_keys=True, default=_json_default, ensure_ascii=False)


def _json_default(value: object) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot hash {type(value).__name__}")
