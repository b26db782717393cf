"""Opening a store from what a user names, and where Neo4j credentials come from."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphbuilder.core.config import StoreConfig
from graphbuilder.core.errors import ConfigError, StoreError
from graphbuilder.store.neo4j.connection import is_neo4j_uri
from graphbuilder.store.open import neo4j_credentials, open_build_store, open_target


def test_credentials_come_from_the_environment() -> None:
    credentials = neo4j_credentials({"NEO4J_USER": "steward", "NEO4J_PASSWORD": "s3cret"})
    assert (credentials.user, credentials.password) == ("steward", "s3cret")
    assert "s3cret" not in repr(credentials)
    assert neo4j_credentials({"NEO4J_PASSWORD": "s3cret"}).user == "neo4j"


def test_a_missing_password_is_asked_for_or_refused() -> None:
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return "typed"

    assert neo4j_credentials({"NEO4J_USER": "steward"}, prompt).password == "typed"
    assert asked == ["Neo4j password for steward: "]
    with pytest.raises(StoreError, match="no Neo4j password: set NEO4J_USER and NEO4J_PASSWORD"):
        neo4j_credentials({})


def test_a_target_is_a_uri_or_a_folder(tmp_path: Path) -> None:
    assert is_neo4j_uri("bolt://127.0.0.1:7687") and is_neo4j_uri("neo4j+s://db:7687")
    assert not is_neo4j_uri(str(tmp_path)) and not is_neo4j_uri("out/examples")
    with pytest.raises(StoreError, match="no graph database here"):
        open_target(str(tmp_path / "nothing"))
    with pytest.raises(ConfigError, match="--neo4j-database 'x': only for a Neo4j URI"):
        open_target(str(tmp_path), database="x")


def test_a_neo4j_build_needs_a_uri(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"store\.neo4j_uri: required when store\.kind is neo4j"):
        open_build_store(StoreConfig(kind="neo4j"), tmp_path)
    with open_build_store(StoreConfig(), tmp_path) as store:
        store.ensure_schema()
    assert (tmp_path / "graph.lbug").exists()
