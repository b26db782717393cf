"""Graphs for the Neo4j tests: an emptied test database, stores on it, builds of the examples
and of a small synthetic corpus into either store.

The tests empty the database they are given: point NEO4J_URI at a test server, never at one
that holds real data (one that holds data is refused unless NEO4J_TESTS_MAY_EMPTY=1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphbuilder.core.config import Config, StoreConfig
from graphbuilder.pipeline.build import BuildRequest, BuildSummary, build
from graphbuilder.store.neo4j import Neo4jCredentials, Neo4jStore, Neo4jTarget
from graphbuilder.synth import SynthConfig, generate
from tests.support.neo4j_fixture import Neo4jServer
from tools.neo4j.local_neo4j import MAY_EMPTY

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
RUN = {
    "id": "run:test",
    "backend": "precomputed",
    "backend_version": "0",
    "started_at": None,
    "ended_at": None,
}


def wipe(server: Neo4jServer) -> None:
    """Delete every node and relationship (constraints and indexes stay), if the database is
    one the tests may empty: the session's own, an empty one, or one declared a test database."""
    with (
        server.driver(notifications_min_severity="OFF") as driver,
        driver.session(database=server.database) as session,
    ):
        if not server.may_empty:
            held = session.run("MATCH (n) RETURN count(n) AS n").single(strict=True)["n"]
            if held:
                pytest.fail(
                    f"NEO4J_URI names {server.describe()}, which holds {held} nodes: the Neo4j "
                    f"tests empty the database they run on. If it is a test database, set "
                    f"{MAY_EMPTY}=1; otherwise unset NEO4J_URI and the tests start their own.",
                    pytrace=False,
                )
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS").consume()


def credentials(server: Neo4jServer) -> Neo4jCredentials:
    return Neo4jCredentials(server.user, server.password)


def open_store(server: Neo4jServer, **options: object) -> Neo4jStore:
    target = Neo4jTarget(server.uri, server.database)
    return Neo4jStore(target, credentials(server), **options)  # type: ignore[arg-type]


def synthetic_corpus(folder: Path, patients: int = 30, seed: int = 11) -> Path:
    """A synthetic corpus with many contradictions, one version of each report kept (the
    precomputed extractions take one line per report id)."""
    generate(SynthConfig(patients=patients, seed=seed, contradiction_rate=0.3), folder)
    for name in ("corpus.jsonl", "gold.jsonl"):
        path, seen, kept = folder / name, set(), []
        for line in path.read_text(encoding="utf-8").splitlines():
            if (report_id := json.loads(line)["report_id"]) not in seen:
                seen.add(report_id)
                kept.append(line)
        path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder / "corpus.jsonl"


def build_graph(
    source: Path, extractions: Path, out: Path, server: Neo4jServer | None = None
) -> BuildSummary:
    """`graphbuilder build` into the embedded store in `out`, or into `server` when given."""
    store = (
        StoreConfig()
        if server is None
        else StoreConfig(kind="neo4j", neo4j_uri=server.uri, neo4j_database=server.database)
    )
    request = BuildRequest(
        input=source,
        out=out,
        config=Config(store=store),
        extractions=extractions,
        neo4j_credentials=credentials(server) if server is not None else None,
    )
    return build(request)
