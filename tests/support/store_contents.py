"""Everything a store holds, as plain sorted rows: two stores hold the same graph exactly when
their contents are equal."""

from __future__ import annotations

from typing import Any

from graphbuilder.core.graph_schema import GRAPH_SCHEMA
from graphbuilder.store.base import GraphStore

# When the ExtractionRun rows were written differs between two builds of the same input.
_RUN_TIMES = ("started_at", "ended_at")


def store_contents(store: GraphStore) -> dict[str, list[tuple[Any, ...]]]:
    """label or relationship type → its rows (ids, then properties in schema order), sorted."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    for node in GRAPH_SCHEMA.nodes:
        names = [n for n in node.property_names() if n not in _RUN_TIMES]
        columns = ", ".join(f"n.{name} AS {name}" for name in names)
        rows = store.query(f"MATCH (n:{node.label}) RETURN {columns}").rows()
        contents[node.label] = sorted(rows, key=repr)
    for rel in GRAPH_SCHEMA.relationships:
        columns = "".join(f", r.{name} AS {name}" for name in rel.property_names())
        rows = store.query(
            f"MATCH (a)-[r:{rel.type}]->(b) RETURN label(a) AS a, a.id AS source, "
            f"label(b) AS b, b.id AS target{columns}"
        ).rows()
        contents[rel.type] = sorted(rows, key=repr)
    return contents
