"""What the Neo4j store generates from the graph schema, and how it cuts loads into
transactions: no server needed."""

from __future__ import annotations

import polars as pl
import pytest

from graphbuilder.assemble import assemble_patient
from graphbuilder.core.errors import StoreError
from graphbuilder.core.graph_schema import GRAPH_SCHEMA
from graphbuilder.store.frames import frames_from_graphs
from graphbuilder.store.neo4j.batches import patient_chunks
from graphbuilder.store.neo4j.connection import Neo4jTarget, check_uri, check_version
from graphbuilder.store.neo4j.ddl import schema_statements
from graphbuilder.store.neo4j.statements import create_relationships
from tests.support.patients import breast_patient, colorectal_patient


def test_one_uniqueness_constraint_per_label_and_a_patient_index_where_there_is_a_patient() -> None:
    statements = schema_statements()
    constraints = [s for s in statements if s.startswith("CREATE CONSTRAINT")]
    indexes = [s for s in statements if s.startswith("CREATE INDEX")]
    assert len(constraints) == len(GRAPH_SCHEMA.nodes)
    assert (
        "CREATE CONSTRAINT recist_timepoint_id_unique IF NOT EXISTS "
        "FOR (n:RecistTimepoint) REQUIRE n.id IS UNIQUE"
    ) in constraints
    with_patient = [n for n in GRAPH_SCHEMA.nodes if "patient_id" in n.property_names()]
    assert len(indexes) == len(with_patient) == len(GRAPH_SCHEMA.nodes) - 1  # not ExtractionRun
    assert (
        "CREATE INDEX measurement_patient_id IF NOT EXISTS FOR (n:Measurement) ON (n.patient_id)"
    ) in indexes


def test_relationships_are_created_by_looking_both_ends_up_by_id() -> None:
    assert create_relationships(("NEXT", "RecistTimepoint", "RecistTimepoint")) == (
        "CYPHER replan=skip UNWIND $rows AS row MATCH (a:RecistTimepoint {id: row.from}) "
        "MATCH (b:RecistTimepoint {id: row.to}) CREATE (a)-[:NEXT {days: row.days}]->(b)"
    )


def test_ends_created_in_the_same_transaction_are_found_by_element_id() -> None:
    key = ("EXTRACTED_BY", "Report", "ExtractionRun")
    assert create_relationships(key, by_element_id=(True, False)) == (
        "CYPHER replan=skip UNWIND $rows AS row MATCH (a:Report) WHERE elementId(a) = row.from "
        "MATCH (b:ExtractionRun {id: row.to}) CREATE (a)-[:EXTRACTED_BY]->(b)"
    )


def test_a_transaction_holds_whole_patients() -> None:
    graphs = [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())]
    frames = frames_from_graphs(graphs)
    chunks = list(patient_chunks(frames, batch_size=1))  # smaller than any patient
    assert [chunk.patient_ids for chunk in chunks] == [["P1"], ["P2"]]
    for chunk, graph in zip(chunks, graphs, strict=True):
        assert chunk.row_count() == graph.node_count() + graph.relationship_count()
    together = list(patient_chunks(frames, batch_size=10_000))
    assert len(together) == 1 and together[0].patient_ids == ["P1", "P2"]
    assert together[0].row_count() == frames.node_count() + frames.relationship_count()


def test_rows_owned_by_no_patient_come_last_on_their_own() -> None:
    frames = frames_from_graphs([assemble_patient(breast_patient())])
    key = ("EXTRACTED_BY", "Report", "ExtractionRun")
    orphan = pl.DataFrame({"from": ["report:elsewhere"], "to": ["run:test"]})
    frames.relationships[key] = pl.concat([frames.relationships[key], orphan])
    *_, last = patient_chunks(frames, batch_size=10_000)
    assert last.patient_ids == [] and last.relationships == {key: [orphan.to_dicts()[0]]}


@pytest.mark.parametrize(
    ("agent", "message"),
    [
        ("Neo4j/4.4.30", r"Neo4j 4\.4\.30 is not supported — graphbuilder needs Neo4j 5 or later"),
        ("Neo4j/3.5.0", r"Neo4j 3\.5\.0 is not supported"),
        ("Memgraph/2.1", r"the server says it is 'Memgraph/2\.1', not Neo4j"),
    ],
)
def test_servers_older_than_neo4j_5_are_refused_with_what_to_do(agent: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        check_version(agent, Neo4jTarget("bolt://db.hospital:7687"))
    check_version("Neo4j/5.26.30", Neo4jTarget("bolt://db.hospital:7687"))
    check_version("Neo4j/2025.10.1", Neo4jTarget("bolt://db.hospital:7687"))


def test_uris_must_be_bolt_and_carry_no_credentials() -> None:
    with pytest.raises(StoreError, match="not a Neo4j URI — use bolt://HOST:PORT"):
        check_uri("http://db.hospital:7474")
    with pytest.raises(StoreError, match="do not put credentials in the URI") as error:
        check_uri("bolt://neo4j:s3cret@db.hospital:7687")
    assert "s3cret" not in str(error.value)
    check_uri("neo4j+s://db.hospital:7687")
