"""Patient graphs as typed polars tables, one per node label and relationship endpoint pair.

Both stores load these: LadybugDB by COPY, Neo4j by batched UNWIND.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema, Property, PropertyType
from graphbuilder.core.patient_graph import PatientGraph, RelationshipKey, Row

POLARS_TYPES: dict[PropertyType, pl.DataType] = {
    PropertyType.STRING: pl.Utf8(),
    PropertyType.INT64: pl.Int64(),
    PropertyType.DOUBLE: pl.Float64(),
    PropertyType.BOOLEAN: pl.Boolean(),
    PropertyType.DATE: pl.Date(),
    PropertyType.TIMESTAMP: pl.Datetime("us"),
}


@dataclass
class GraphFrames:
    nodes: dict[str, pl.DataFrame] = field(default_factory=dict)
    relationships: dict[RelationshipKey, pl.DataFrame] = field(default_factory=dict)

    def node_count(self) -> int:
        return sum(frame.height for frame in self.nodes.values())

    def relationship_count(self) -> int:
        return sum(frame.height for frame in self.relationships.values())


def _polars_schema(properties: Iterable[Property]) -> dict[str, pl.DataType]:
    return {prop.name: POLARS_TYPES[prop.type] for prop in properties}


def node_frame(label: str, rows: list[Row], schema: GraphSchema = GRAPH_SCHEMA) -> pl.DataFrame:
    """Rows of one label as a table whose columns follow the schema's property order."""
    columns = _polars_schema(schema.node(label).properties)
    return (
        pl.DataFrame(rows, schema=columns, orient="row") if rows else pl.DataFrame(schema=columns)
    )


def relationship_frame(
    rel_type: str, rows: list[Row], schema: GraphSchema = GRAPH_SCHEMA
) -> pl.DataFrame:
    """Rows with `from`, `to` and the relationship's properties, in schema order."""
    columns = {
        "from": pl.Utf8(),
        "to": pl.Utf8(),
        **_polars_schema(schema.relationship(rel_type).properties),
    }
    return (
        pl.DataFrame(rows, schema=columns, orient="row") if rows else pl.DataFrame(schema=columns)
    )


def frames_from_graphs(
    graphs: Iterable[PatientGraph], schema: GraphSchema = GRAPH_SCHEMA
) -> GraphFrames:
    """Gather many patients' rows into one table per label and relationship key."""
    node_rows: dict[str, list[Row]] = {}
    rel_rows: dict[RelationshipKey, list[Row]] = {}
    for graph in graphs:
        for label, by_id in graph.nodes.items():
            node_rows.setdefault(label, []).extend(by_id.values())
        for key, by_ends in graph.relationships.items():
            rows = rel_rows.setdefault(key, [])
            rows.extend({"from": src, "to": dst, **props} for (src, dst), props in by_ends.items())
    return GraphFrames(
        nodes={label: node_frame(label, rows, schema) for label, rows in node_rows.items()},
        relationships={
            key: relationship_frame(key[0], rows, schema) for key, rows in rel_rows.items()
        },
    )
