from pathlib import Path

import pytest

from graphbuilder.core.graph_schema import GRAPH_SCHEMA, render_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_checked_in_graph_doc_is_the_generated_one() -> None:
    checked_in = (ROOT / "schemas" / "graph.md").read_text(encoding="utf-8")
    assert checked_in == render_markdown(), "schemas/graph.md is stale: run `make schemas`"


def test_every_relationship_endpoint_is_a_declared_label() -> None:
    labels = {node.label for node in GRAPH_SCHEMA.nodes}
    for rel in GRAPH_SCHEMA.relationships:
        for source, target in rel.endpoints:
            assert {source, target} <= labels, rel.type


def test_every_node_has_an_id_key_and_patient_nodes_a_patient_id() -> None:
    for node in GRAPH_SCHEMA.nodes:
        assert node.properties[0].name == "id"
        if node.label != "ExtractionRun":
            assert "patient_id" in node.property_names(), node.label


def test_labels_are_pascal_case_and_relationships_upper_snake() -> None:
    for node in GRAPH_SCHEMA.nodes:
        assert node.label[0].isupper() and "_" not in node.label
    for rel in GRAPH_SCHEMA.relationships:
        assert rel.type == rel.type.upper()


def test_unknown_names_are_reported() -> None:
    with pytest.raises(KeyError, match="no node label 'Lesions'"):
        GRAPH_SCHEMA.node("Lesions")
    with pytest.raises(KeyError, match="no relationship type 'HAS_LESIONS'"):
        GRAPH_SCHEMA.relationship("HAS_LESIONS")
