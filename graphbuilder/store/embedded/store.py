"""The embedded graph store on LadybugDB.

Loads go through COPY from polars tables (100,000 to 150,000 nodes a second on one core
here) rather than MERGE, which LadybugDB runs at ~2 ms a row; upserts are done per patient by
deleting the patient's subgraph and copying its new rows in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ladybug
import polars as pl

from graphbuilder.core.errors import StoreError
from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema, RelationshipType
from graphbuilder.core.patient_graph import RelationshipKey, Row
from graphbuilder.store.embedded.ddl import relationship_table_ddl, schema_ddl
from graphbuilder.store.frames import GraphFrames, node_frame
from graphbuilder.store.patch import GraphPatch

DATABASE_FILE = "graph.lbug"
# Writes wait in the write-ahead log and are checkpointed into the database file once, when the
# store closes: a checkpoint rewrites the tables it touches whole, so one per loaded chunk made
# a full build's node loading three times slower than one COPY. A larger log is checkpointed
# early, to bound the disk it takes. Committed writes in the log survive a crash (replayed on
# the next open).
WAL_CHECKPOINT_BYTES = 1 << 30


class EmbeddedStore:
    """A LadybugDB database in `<folder>/graph.lbug`."""

    def __init__(
        self,
        folder: Path,
        *,
        read_only: bool = False,
        max_threads: int = 0,
        schema: GraphSchema = GRAPH_SCHEMA,
    ) -> None:
        """Open (or create) the database; `max_threads=0` lets LadybugDB use every core."""
        self.path = folder / DATABASE_FILE
        self.schema = schema
        if read_only and not self.path.exists():
            raise StoreError(
                f"{folder}: no graph database here (expected {self.path.name}) — "
                "run `graphbuilder build INPUT --out FOLDER` first"
            )
        folder.mkdir(parents=True, exist_ok=True)
        try:
            self._database = ladybug.Database(
                str(self.path), read_only=read_only, max_num_threads=max_threads
            )
            self._connection = ladybug.Connection(self._database)
        except RuntimeError as error:
            raise StoreError(
                f"{self.path}: cannot open the graph database ({error}) — is "
                "another graphbuilder process writing to it?"
            ) from error
        self._read_only = read_only
        if not read_only:
            self._execute("CALL auto_checkpoint=false")

    # -------------------------------------------------------------------- writes
    def ensure_schema(self) -> None:
        for statement in schema_ddl(self.schema):
            self._execute(statement)
        for rel in self.schema.relationships:
            if rel.forward_only and self._stored_both_ways(rel.type):
                self._store_forward_only(rel)

    def _stored_both_ways(self, rel_type: str) -> bool:
        """Whether a table of an older build keeps the backward lists too (the DDL's
        IF NOT EXISTS leaves an existing table as it was)."""
        columns = self.query(
            f"CALL storage_info('{rel_type}') WHERE column_name STARTS WITH 'bwd' "
            "RETURN count(*) AS n"
        )
        return bool(columns["n"][0])

    def _store_forward_only(self, rel: RelationshipType) -> None:
        """Recreate the table forward-only with the same edges (see `ddl.py` for why)."""
        properties = "".join(f", r.{name} AS {name}" for name in rel.property_names())
        edges = [
            self.query(
                f"MATCH (a:{source})-[r:{rel.type}]->(b:{target}) "
                f"RETURN a.id AS `from`, b.id AS `to`{properties}"
            )
            for source, target in rel.endpoints
        ]
        self._execute(f"DROP TABLE {rel.type}")
        self._execute(relationship_table_ddl(rel))
        for (source, target), frame in zip(rel.endpoints, edges, strict=True):
            self._copy_relationships((rel.type, source, target), frame)

    def patient_hashes(self) -> dict[str, str]:
        rows = self.query(
            "MATCH (p:Patient) RETURN p.patient_id AS patient_id, p.content_hash AS content_hash"
        )
        return dict(zip(rows["patient_id"].to_list(), rows["content_hash"].to_list(), strict=True))

    def delete_patients(self, patient_ids: list[str]) -> None:
        """Remove these patients' subgraphs: their nodes' ids first (one scan per table, the
        ids hash-joined), then each node by primary key. Both are needed for speed:
        `patient_id IN $ids` compares every row with every id, and DETACH DELETE of nodes
        found by scanning took LadybugDB ten times longer than of the same nodes by key."""
        if not patient_ids:
            return
        for node in self.schema.nodes:
            if "patient_id" not in node.property_names():
                continue
            ids = self.query(
                f"UNWIND $patients AS pid MATCH (n:{node.label}) WHERE n.patient_id = pid "
                "RETURN n.id AS id",
                {"patients": patient_ids},
            )
            if ids.height:
                self._delete_nodes(node.label, ids["id"].to_list())

    def apply_patch(self, patch: GraphPatch) -> None:
        """Rewrite the rows of some patients that changed (see `store.patch`)."""
        self._set_content_hashes(dict.fromkeys(patch.content_hashes, ""))
        for (rel_type, source, target), pairs in patch.delete_relationships.items():
            self._execute(
                f"UNWIND $pairs AS pair MATCH (a:{source} {{id: pair[1]}})-[r:{rel_type}]->"
                f"(b:{target} {{id: pair[2]}}) DELETE r",
                {"pairs": [list(pair) for pair in pairs]},
            )
        for label, ids in patch.delete_nodes.items():
            self._delete_nodes(label, ids)
        for label, frame in patch.updates.items():
            self._update_nodes(label, frame)
        self.insert(patch.frames)
        self._set_content_hashes(patch.content_hashes)

    def _update_nodes(self, label: str, frame: pl.DataFrame) -> None:
        """Set every property of these nodes (found by id) to the frame's values. The columns
        are renamed `c0, c1…` in the statement: property names such as `date` are also names
        of Cypher functions."""
        if not frame.height:
            return
        names = frame.columns
        rows = frame.rename({name: f"c{index}" for index, name in enumerate(names)})  # noqa: F841
        assignments = ", ".join(
            f"n.`{name}` = c{index}" for index, name in enumerate(names) if name != "id"
        )
        self._execute(
            f"LOAD FROM rows MATCH (n:{label} {{id: c{names.index('id')}}}) SET {assignments}"
        )

    def _set_content_hashes(self, hashes: dict[str, str]) -> None:
        if hashes:
            self._execute(
                "UNWIND $rows AS row MATCH (p:Patient {id: row[1]}) SET p.content_hash = row[2]",
                {"rows": [[pid, value] for pid, value in hashes.items()]},
            )

    def _delete_nodes(self, label: str, ids: list[str]) -> None:
        self._execute(
            f"UNWIND $ids AS key MATCH (n:{label} {{id: key}}) DETACH DELETE n", {"ids": ids}
        )

    def insert(self, frames: GraphFrames) -> None:
        for label, frame in frames.nodes.items():
            if frame.height:
                self._copy(label, frame)
        for key, frame in frames.relationships.items():
            self._copy_relationships(key, frame)
        if self._wal_bytes() > WAL_CHECKPOINT_BYTES:
            self.checkpoint()

    def checkpoint(self) -> None:
        """Move what the write-ahead log holds into the database file (see WAL_CHECKPOINT_BYTES)."""
        self._execute("CHECKPOINT")

    def _wal_bytes(self) -> int:
        wal = self.path.with_name(self.path.name + ".wal")
        return wal.stat().st_size if wal.exists() else 0

    def upsert_runs(self, runs: list[Row]) -> None:
        if not runs:
            return
        existing = set(self.query("MATCH (r:ExtractionRun) RETURN r.id AS id")["id"].to_list())
        new_runs = [run for run in runs if run["id"] not in existing]
        if new_runs:
            self._copy("ExtractionRun", node_frame("ExtractionRun", new_runs, self.schema))

    # -------------------------------------------------------------------- reads
    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> pl.DataFrame:
        result = self._execute(cypher, parameters)
        frame = result.get_as_pl()
        return frame if isinstance(frame, pl.DataFrame) else pl.DataFrame()

    def close(self) -> None:
        if not self._read_only and self._wal_bytes():
            self.checkpoint()
        self._connection.close()
        self._database.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -------------------------------------------------------------------- internals
    def _copy(self, table: str, frame: pl.DataFrame, options: str = "") -> None:
        # COPY reads the local variable named in the statement.
        rows = frame  # noqa: F841
        self._execute(f"COPY {table} FROM rows {options}".strip())

    def _copy_relationships(self, key: RelationshipKey, frame: pl.DataFrame) -> None:
        rel_type, source, target = key
        if frame.height:
            self._copy(rel_type, frame, f"(from='{source}', to='{target}')")

    def _execute(self, cypher: str, parameters: dict[str, Any] | None = None) -> Any:
        try:
            return self._connection.execute(cypher, parameters or {})
        except RuntimeError as error:
            raise StoreError(f"{self.path.parent}: query failed: {error}") from error
