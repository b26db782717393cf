"""The Neo4j graph store, through the official driver.

Writes are batched `UNWIND $rows` statements inside managed transactions (`execute_write`), so
the driver retries what Neo4j calls transient (deadlocks, leader switches, a lost connection)
with back-off. A transaction holds whole patients (see `batches.py`): a changed patient's old
subgraph is deleted and its new one created in the same transaction, never half of either.

Throughput (bench/bench_stores.py): the server's CPU is the bound. While one transaction runs on
the server, the client prepares the next ones (row maps cost about a fifth as much client CPU
as the server spends writing them). A relationship locks both its ends until commit, and every
report links to the one ExtractionRun node: those relationships are written last in each
transaction, so concurrent writers wait on that node only for the end of each other's
transaction rather than for all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import Any

import neo4j
import polars as pl
from neo4j.exceptions import DriverError, Neo4jError

from graphbuilder.core.errors import StoreError
from graphbuilder.core.graph_schema import GRAPH_SCHEMA, GraphSchema, Property, PropertyType
from graphbuilder.core.patient_graph import RelationshipKey, Row
from graphbuilder.store.frames import GraphFrames, node_frame
from graphbuilder.store.neo4j import statements
from graphbuilder.store.neo4j.batches import Chunk, Rows, patient_chunks
from graphbuilder.store.neo4j.connection import (
    Neo4jCredentials,
    Neo4jTarget,
    connect,
    connection_error,
    first_line,
)
from graphbuilder.store.neo4j.ddl import schema_statements
from graphbuilder.store.neo4j.results import records_to_frame

# Rows per transaction: on 100,000 reports 20,000 loaded ~1.2-1.45x faster than 10,000 with the
# same writers (bench/bench_stores.py prints the curve); the bench's 2 GiB server heap held it.
DEFAULT_BATCH_SIZE = 20_000
DEFAULT_WRITERS = 2  # transactions at once
ChunkCallback = Callable[[int], None]  # called with the rows of each committed transaction


class Neo4jStore:
    """A patient graph in one Neo4j database."""

    def __init__(
        self,
        target: Neo4jTarget,
        credentials: Neo4jCredentials,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        schema: GraphSchema = GRAPH_SCHEMA,
        max_retry_seconds: float = 30.0,
        writers: int = DEFAULT_WRITERS,
        on_chunk: ChunkCallback | None = None,
    ) -> None:
        if batch_size < 1 or writers < 1:
            raise StoreError(
                f"neo4j batch size {batch_size}, writers {writers}: both must be at least 1"
            )
        self.writers = writers
        self.target = target
        self.schema = schema
        self.batch_size = batch_size
        self.on_chunk = on_chunk
        self._user = credentials.user
        self._driver = connect(
            target,
            credentials,
            max_transaction_retry_time=max_retry_seconds,
            connection_timeout=15.0,
        )

    def __repr__(self) -> str:
        return f"Neo4jStore({self.target.describe()!r}, user={self._user!r})"

    # -------------------------------------------------------------------- writes
    def ensure_schema(self) -> None:
        # Schema commands cannot share a transaction with writes: each runs on its own.
        try:
            with self._session() as session:
                for statement in [*schema_statements(self.schema), "CALL db.awaitIndexes(300)"]:
                    session.run(statement).consume()
        except (Neo4jError, DriverError) as error:
            raise connection_error(error, self.target, self._user) from error

    def patient_hashes(self) -> dict[str, str]:
        rows = self.query(statements.PATIENT_HASHES)
        if rows.is_empty():
            return {}
        return dict(zip(rows["patient_id"].to_list(), rows["content_hash"].to_list(), strict=True))

    def delete_patients(self, patient_ids: list[str]) -> None:
        for start in range(0, len(patient_ids), self.batch_size):
            batch = patient_ids[start : start + self.batch_size]
            self._write(partial(self._delete, patient_ids=batch))

    def insert(self, frames: GraphFrames) -> None:
        self.replace_patients([], frames)

    def replace_patients(self, patient_ids: list[str], frames: GraphFrames) -> None:
        """Delete these patients' subgraphs and write the frames' rows, patient by patient in
        the same transaction; ids to delete with no rows in the frames are only deleted.

        `writers` transactions run at once, on disjoint patients (Neo4j executes each
        transaction on one core; two keep a two-core server busy)."""
        pending = set(patient_ids)

        def jobs() -> Iterator[Callable[[], None]]:
            for chunk in patient_chunks(_neo4j_typed(frames, self.schema), self.batch_size):
                stale = sorted(pending.intersection(chunk.patient_ids))
                pending.difference_update(stale)
                yield partial(self._write_chunk, stale, chunk)

        self._run_jobs(jobs())
        self.delete_patients(sorted(pending))

    def _write_chunk(self, stale: list[str], chunk: Chunk) -> None:
        self._write(partial(self._replace, stale=stale, chunk=chunk))
        if self.on_chunk is not None:
            self.on_chunk(chunk.row_count())

    def _run_jobs(self, jobs: Iterator[Callable[[], None]]) -> None:
        """Run the jobs on `writers` threads, preparing the next ones meanwhile (at most two
        per writer wait, so memory stays bounded); the first failure stops the rest."""
        with ThreadPoolExecutor(self.writers, thread_name_prefix="neo4j-writer") as pool:
            running: list[Future[None]] = []
            try:
                for job in jobs:
                    running.append(pool.submit(job))
                    if len(running) >= 2 * self.writers:
                        running.pop(0).result()
                for future in running:
                    future.result()
            finally:
                for future in running:
                    future.cancel()  # after a failure, start nothing new

    def upsert_runs(self, runs: list[Row]) -> None:
        if not runs:
            return
        frame = node_frame("ExtractionRun", runs, self.schema)
        rows = _as_utc(frame, self.schema.node("ExtractionRun").properties).to_dicts()
        self._write(partial(_run, cypher=statements.merge_runs(), rows=rows))

    # -------------------------------------------------------------------- reads
    def query(self, cypher: str, parameters: dict[str, Any] | None = None) -> pl.DataFrame:
        def read(tx: neo4j.ManagedTransaction) -> pl.DataFrame:
            result = tx.run(cypher, parameters or {})
            keys = result.keys()
            return records_to_frame(keys, list(result))

        try:
            with self._session() as session:
                return session.execute_read(read)
        except neo4j.exceptions.ClientError as error:
            if error.code and error.code.startswith("Neo.ClientError.Statement"):
                where = self.target.describe()
                raise StoreError(f"{where}: query failed: {error.message}") from None
            raise connection_error(error, self.target, self._user) from error
        except (Neo4jError, DriverError) as error:
            raise connection_error(error, self.target, self._user) from error

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -------------------------------------------------------------------- internals
    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self.target.database)

    def _write(self, work: Callable[[neo4j.ManagedTransaction], Any]) -> None:
        try:
            with self._session() as session:
                session.execute_write(work)
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as error:
            raise StoreError(
                f"{self.target.describe()}: lost Neo4j during the load ({first_line(error)}) — "
                "the patients written so far are complete; rerun the same build when the server "
                "is back and it writes the rest"
            ) from error
        except (Neo4jError, DriverError) as error:
            raise connection_error(error, self.target, self._user) from error

    def _delete(self, tx: neo4j.ManagedTransaction, patient_ids: list[str]) -> None:
        for node in self.schema.nodes:
            if "patient_id" in node.property_names():
                tx.run(statements.delete_patients(node), ids=patient_ids).consume()

    def _replace(self, tx: neo4j.ManagedTransaction, stale: list[str], chunk: Chunk) -> None:
        if stale:
            self._delete(tx, stale)
        element_ids: dict[str, str] = {}  # id → element id of the nodes this transaction made
        for label, rows in chunk.nodes.items():
            result = tx.run(statements.create_nodes(self.schema.node(label)), rows=rows)
            record = result.single(strict=True)
            element_ids.update(
                zip(record[statements.NODE_IDS], record[statements.ELEMENT_IDS], strict=True)
            )
            _check(result.consume().counters.nodes_created, rows, label)
        for key, rows in sorted(chunk.relationships.items(), key=self._to_shared_node):
            for by_element_id, part in _ends_by_element_id(rows, element_ids).items():
                cypher = statements.create_relationships(
                    key, self.schema, by_element_id=by_element_id
                )
                created = _run(tx, cypher, part)
                _check(created.relationships_created, part, _describe(key))

    def _to_shared_node(self, item: tuple[RelationshipKey, Rows]) -> bool:
        """Whether the relationships end on a node every patient shares (the ExtractionRun)."""
        return self.schema.relationship(item[0][0]).shared_target


def _run(tx: neo4j.ManagedTransaction, cypher: str, rows: Rows) -> neo4j.SummaryCounters:
    return tx.run(cypher, rows=rows).consume().counters


def _ends_by_element_id(rows: Rows, element_ids: dict[str, str]) -> dict[tuple[bool, bool], Rows]:
    """The rows grouped by which of their ends have an element id, those ends' ids replaced by
    it (see `statements.py`); a group per statement, usually just one."""
    groups: dict[tuple[bool, bool], Rows] = {}
    for row in rows:
        source, target = element_ids.get(row["from"]), element_ids.get(row["to"])
        known = (source is not None, target is not None)
        groups.setdefault(known, []).append(
            {**row, "from": source or row["from"], "to": target or row["to"]} if any(known) else row
        )
    return groups


def _check(created: int, rows: Rows, what: str) -> None:
    """A relationship whose end is missing is skipped by MATCH: refuse to lose it silently."""
    if created != len(rows):
        raise StoreError(
            f"{what}: {len(rows)} rows to write but {created} written — an end node is missing "
            "from the store; rebuild the affected patients (delete their Patient node) and rerun"
        )


def _describe(key: RelationshipKey) -> str:
    rel_type, source, target = key
    return f"({source})-[:{rel_type}]->({target})"


def _as_utc(frame: pl.DataFrame, properties: Iterable[Property]) -> pl.DataFrame:
    """TIMESTAMP columns as UTC instants, which the driver sends as Neo4j DateTime."""
    columns = [p.name for p in properties if p.type is PropertyType.TIMESTAMP and p.name in frame]
    if not columns:
        return frame
    return frame.with_columns(pl.col(columns).dt.replace_time_zone("UTC"))


def _neo4j_typed(frames: GraphFrames, schema: GraphSchema) -> GraphFrames:
    """The frames with the Python values the driver maps to the schema's Neo4j types (DATE
    columns already hold `datetime.date`, sent as Neo4j Date)."""
    return GraphFrames(
        nodes={
            label: _as_utc(frame, schema.node(label).properties)
            for label, frame in frames.nodes.items()
        },
        relationships={
            key: _as_utc(frame, schema.relationship(key[0]).properties)
            for key, frame in frames.relationships.items()
        },
    )
