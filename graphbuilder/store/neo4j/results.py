"""Neo4j records as a polars table, with Python values the embedded store would also give."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import neo4j
import neo4j.graph
import neo4j.time
import polars as pl


def to_python(value: Any) -> Any:
    """Neo4j's temporal and graph values as plain Python (dates, datetimes, dicts)."""
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.to_native()
    if isinstance(value, neo4j.time.Duration):
        return str(value)  # ISO 8601 (P1M2DT3S): months do not fit a timedelta
    if isinstance(value, neo4j.graph.Node):
        return {"_label": next(iter(value.labels), None), **to_python(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_label": value.type, **to_python(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return [to_python(node) for node in value.nodes]
    if isinstance(value, list):
        return [to_python(item) for item in value]
    if isinstance(value, dict):
        return {key: to_python(item) for key, item in value.items()}
    return value


def records_to_frame(keys: Sequence[str], records: Sequence[neo4j.Record]) -> pl.DataFrame:
    """One column per returned key, in the query's order; types inferred from the values."""
    columns = {
        key: pl.Series(key, [to_python(record[index]) for record in records], strict=False)
        for index, key in enumerate(keys)
    }
    return pl.DataFrame(columns) if columns else pl.DataFrame()
