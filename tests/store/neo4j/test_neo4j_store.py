"""The Neo4j store against a real Neo4j: schema, idempotent and incremental loads, native
dates, atomic replacement of a patient, and one clear line for each way a connection fails."""

from __future__ import annotations

import pytest

from graphbuilder.assemble import assemble_patient
from graphbuilder.core.errors import StoreError
from graphbuilder.core.graph_schema import GRAPH_SCHEMA
from graphbuilder.store.frames import GraphFrames, frames_from_graphs
from graphbuilder.store.neo4j import Neo4jCredentials, Neo4jStore, Neo4jTarget
from graphbuilder.store.neo4j.ddl import id_constraint_name, patient_index_name
from graphbuilder.store.sync import stamp_content_hashes, sync_patients
from tests.store.neo4j.graphs import RUN
from tests.support.neo4j_fixture import Neo4jServer
from tests.support.patients import breast_patient, colorectal_patient

pytestmark = pytest.mark.neo4j


def _counts(store: Neo4jStore) -> dict[str, int]:
    rows = store.query("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label")
    edges = store.query("MATCH ()-[e]->() RETURN type(e) AS type, count(*) AS n ORDER BY type")
    return {
        **dict(zip(rows["label"], rows["n"], strict=True)),
        **dict(zip(edges["type"], edges["n"], strict=True)),
    }


def _element_ids(store: Neo4jStore, patient_id: str) -> set[str]:
    rows = store.query("MATCH (n {patient_id: $p}) RETURN elementId(n) AS id", {"p": patient_id})
    return set(rows["id"].to_list())


def _both_patients() -> list:
    return [assemble_patient(colorectal_patient()), assemble_patient(breast_patient())]


def test_constraints_and_indexes_come_from_the_graph_schema(neo4j_store: Neo4jStore) -> None:
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()  # idempotent
    constraints = neo4j_store.query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes[0] AS label, properties[0] AS property"
    )
    ours = constraints.filter(constraints["name"].str.ends_with("_id_unique"))
    assert sorted(ours["label"].to_list()) == sorted(node.label for node in GRAPH_SCHEMA.nodes)
    assert set(ours["type"]) == {"UNIQUENESS"} and set(ours["property"]) == {"id"}
    assert id_constraint_name(GRAPH_SCHEMA.node("Lesion")) in ours["name"].to_list()
    indexes = neo4j_store.query(
        "SHOW INDEXES YIELD name, state, properties WHERE name ENDS WITH '_patient_id' "
        "RETURN name, state, properties[0] AS property"
    )
    assert patient_index_name(GRAPH_SCHEMA.node("Measurement")) in indexes["name"].to_list()
    assert len(indexes) == len(GRAPH_SCHEMA.nodes) - 1
    assert set(indexes["state"]) == {"ONLINE"} and set(indexes["property"]) == {"patient_id"}


def test_a_duplicate_id_is_refused_by_the_constraint(neo4j_store: Neo4jStore) -> None:
    graphs = _both_patients()
    sync_patients(neo4j_store, graphs, [RUN])
    with pytest.raises(StoreError, match="already exists with label `Patient`"):
        neo4j_store.insert(frames_from_graphs(graphs[:1]))


def test_rebuilding_the_same_input_writes_nothing_and_duplicates_nothing(
    neo4j_store: Neo4jStore,
) -> None:
    first = sync_patients(neo4j_store, _both_patients(), [RUN])
    before = _counts(neo4j_store)
    ids_before = _element_ids(neo4j_store, "P1")
    again = sync_patients(neo4j_store, _both_patients(), [RUN])
    assert _counts(neo4j_store) == before
    assert _element_ids(neo4j_store, "P1") == ids_before
    assert first.patients_written == 2 and first.nodes_written > 0
    assert (again.patients_written, again.patients_unchanged, again.nodes_written) == (0, 2, 0)
    assert before["Measurement"] == 2 and before["ExtractionRun"] == 1
    expected_edges = sum(g.relationship_count() for g in _both_patients())
    assert sum(n for k, n in before.items() if k.isupper()) == expected_edges


def test_a_changed_patient_is_replaced_and_the_others_are_untouched(
    neo4j_store: Neo4jStore,
) -> None:
    older = [assemble_patient(colorectal_patient(with_second_ct=False)), _both_patients()[1]]
    sync_patients(neo4j_store, older, [RUN])
    breast_nodes = _element_ids(neo4j_store, "P2")
    stats = sync_patients(neo4j_store, _both_patients(), [RUN])
    sizes = neo4j_store.query(
        "MATCH (:Patient {id: 'P1'})-[:HAS_LESION]->(:Lesion)-[:HAS_MEASUREMENT]->(m) "
        "RETURN m.long_axis_mm AS mm ORDER BY m.date"
    )
    assert (stats.patients_written, stats.patients_unchanged) == (1, 1)
    assert sizes["mm"].to_list() == [30.0, 22.0]
    assert _element_ids(neo4j_store, "P2") == breast_nodes  # not rewritten: same nodes
    assert _counts(neo4j_store)["Patient"] == 2


def test_replacing_a_patient_is_one_transaction(neo4j_store: Neo4jStore) -> None:
    """When the new subgraph cannot be written, the old one is still there, whole."""
    sync_patients(neo4j_store, _both_patients(), [RUN])
    before = _counts(neo4j_store)
    changed = [assemble_patient(colorectal_patient(with_second_ct=False))]
    stamp_content_hashes(changed)
    frames = frames_from_graphs(changed)
    key = ("HAS_MEASUREMENT", "Lesion", "Measurement")
    broken = frames.relationships[key]
    frames.relationships[key] = broken.with_columns(to=broken["to"] + "-missing")
    with pytest.raises(StoreError, match=r"\(Lesion\)-\[:HAS_MEASUREMENT\]->\(Measurement\): 1 "
                                         r"rows to write but 0 written"):  # fmt: skip
        neo4j_store.replace_patients(["P1"], frames)
    assert _counts(neo4j_store) == before


def test_relationships_reach_nodes_of_an_earlier_load_as_well_as_new_ones(
    neo4j_store: Neo4jStore,
) -> None:
    """New ends are found by element id, older ones by id: either way every edge is written."""
    neo4j_store.ensure_schema()
    neo4j_store.upsert_runs([RUN])
    graphs = _both_patients()
    frames = frames_from_graphs(graphs)
    later = {"Measurement", "Report"}
    neo4j_store.insert(
        GraphFrames({label: f for label, f in frames.nodes.items() if label not in later}, {})
    )
    neo4j_store.insert(
        GraphFrames({label: frames.nodes[label] for label in later}, frames.relationships)
    )
    counts = _counts(neo4j_store)
    assert {label: counts[label] for label in frames.nodes} == {
        label: frame.height for label, frame in frames.nodes.items()
    }
    assert sum(n for k, n in counts.items() if k.isupper()) == frames.relationship_count()
    assert counts["EXTRACTED_BY"] == frames.nodes["Report"].height > 0


def test_a_patient_gone_from_the_input_is_removed(neo4j_store: Neo4jStore) -> None:
    sync_patients(neo4j_store, _both_patients(), [RUN])
    stats = sync_patients(neo4j_store, [assemble_patient(breast_patient())], [RUN])
    left = neo4j_store.query("MATCH (n) WHERE n.patient_id = 'P1' RETURN count(*) AS n")
    assert stats.patients_removed == 1 and left["n"][0] == 0


def test_dates_are_native_neo4j_dates_and_properties_keep_their_types(
    neo4j_store: Neo4jStore,
) -> None:
    sync_patients(neo4j_store, _both_patients(), [RUN])
    types = neo4j_store.query(
        "MATCH (l:Lesion)-[:HAS_MEASUREMENT]->(m:Measurement) "
        "RETURN m.date IS :: DATE AS date, m.long_axis_mm IS :: FLOAT AS mm, "
        "l.nodal IS :: BOOLEAN AS nodal, m.date >= date('2024-02-01') AS late ORDER BY m.date"
    )
    assert types.rows() == [(True, True, True, False), (True, True, True, True)]
    run = neo4j_store.query("MATCH (r:ExtractionRun) RETURN r.backend AS backend")
    assert run["backend"].to_list() == ["precomputed"]


def test_query_parameters_and_errors(neo4j_store: Neo4jStore) -> None:
    sync_patients(neo4j_store, _both_patients(), [RUN])
    rows = neo4j_store.query(
        "MATCH (m:Measurement) WHERE m.date >= date($since) RETURN m.long_axis_mm AS mm",
        {"since": "2024-02-01"},
    )
    assert rows["mm"].to_list() == [22.0]
    with pytest.raises(StoreError, match="query failed: Invalid input"):
        neo4j_store.query("MATCH (n RETURN n")
    with pytest.raises(StoreError, match="query failed: Writing in read access mode not allowed"):
        neo4j_store.query("CREATE (:Patient {id: 'x'})")


def test_a_wrong_password_says_which_user_and_what_to_do(neo4j_server: Neo4jServer) -> None:
    target = Neo4jTarget(neo4j_server.uri, neo4j_server.database)
    with pytest.raises(StoreError) as error:
        Neo4jStore(target, Neo4jCredentials(neo4j_server.user, "not-the-password"))
    message = str(error.value)
    assert f"Neo4j refused the credentials of user '{neo4j_server.user}'" in message
    assert "set NEO4J_USER and NEO4J_PASSWORD" in message and "not-the-password" not in message
    assert "\n" not in message


def test_an_unreachable_server_says_to_start_one(unused_port: int) -> None:
    target = Neo4jTarget(f"bolt://127.0.0.1:{unused_port}")
    with pytest.raises(StoreError, match=r"cannot reach Neo4j .* `make neo4j`") as error:
        Neo4jStore(target, Neo4jCredentials("neo4j", "secret-password"))
    assert "secret-password" not in str(error.value) and "\n" not in str(error.value)


def test_an_unknown_database_is_named(neo4j_server: Neo4jServer) -> None:
    target = Neo4jTarget(neo4j_server.uri, "nosuchdb")
    with pytest.raises(StoreError, match="no database 'nosuchdb' on this server"):
        Neo4jStore(target, Neo4jCredentials(neo4j_server.user, neo4j_server.password))


@pytest.fixture
def unused_port() -> int:
    from tools.neo4j.local_neo4j import free_port

    return free_port()
