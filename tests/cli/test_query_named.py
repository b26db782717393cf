"""`graphbuilder queries`, `query --named`, and `build`/`query` against a Neo4j URI, as a user
types them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from graphbuilder.cli.main import app
from graphbuilder.store.queries import load_library
from tests.store.neo4j.graphs import EXAMPLES, ROOT, wipe
from tests.support.neo4j_fixture import Neo4jServer

runner = CliRunner()
GOLD = str(EXAMPLES / "gold.jsonl")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["build", str(EXAMPLES), "--out", str(out), "--extractions", GOLD])
    assert result.exit_code == 0, result.output
    return out


def _environment(server: Neo4jServer) -> dict[str, str]:
    return {"NEO4J_USER": server.user, "NEO4J_PASSWORD": server.password}


def test_queries_lists_every_named_query_with_its_header() -> None:
    result = runner.invoke(app, ["queries"])
    assert result.exit_code == 0, result.output
    for query in load_library().values():
        assert f"\n{query.name}\n  Question:   {query.question}\n" in f"\n{result.stdout}"
    assert '  Parameters: months INT = 6, regimen STRING = ""' in result.stdout
    assert "target_progression_within_months.ladybug.cypher" in result.stdout
    assert result.stdout.rstrip().endswith("`graphbuilder query TARGET --named NAME --param k=v`")


def test_queries_name_prints_the_text_each_engine_runs() -> None:
    neo4j = runner.invoke(app, ["queries", "conflict_evidence"])
    ladybug = runner.invoke(app, ["queries", "conflict_evidence", "--engine", "ladybug"])
    assert "labels(f)[0] AS fact_label" in neo4j.stdout
    assert "label(f) AS fact_label" in ladybug.stdout
    assert ladybug.stdout.startswith("// Variant of: conflict_evidence.cypher for ladybug")


def test_a_named_query_on_a_folder(built: Path) -> None:
    result = runner.invoke(
        app, ["query", str(built), "--named", "lesion_size_history", "-p", "patient_id=P001",
              "-f", "csv"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = pl.read_csv(result.stdout.encode())
    assert tuple(rows.columns) == load_library()["lesion_size_history"].columns
    assert rows.height > 5 and "liver" in rows["organ"].to_list()


def test_named_query_mistakes_are_one_line(built: Path) -> None:
    missing = runner.invoke(app, ["query", str(built), "--named", "lesion_size_history"])
    assert missing.exit_code == 2 and "--param patient_id=… is required" in missing.output
    unknown = runner.invoke(app, ["query", str(built), "--named", "nope"])
    assert unknown.exit_code == 2 and "no named query 'nope'" in unknown.output
    both = runner.invoke(app, ["query", str(built), "RETURN 1", "--named", "patient_overview"])
    assert both.exit_code == 2 and "give either a CYPHER query or --named NAME" in both.output


def test_a_uri_without_a_password_says_where_credentials_come_from() -> None:
    result = runner.invoke(
        app, ["query", "bolt://127.0.0.1:7687", "RETURN 1"], env={"NEO4J_PASSWORD": ""}
    )
    assert result.exit_code == 1
    assert result.output == (
        "error: no Neo4j password: set NEO4J_USER and NEO4J_PASSWORD (or answer the prompt)\n"
    )


def test_credentials_in_the_uri_are_refused() -> None:
    result = runner.invoke(app, ["query", "bolt://neo4j:pw@127.0.0.1:7687", "RETURN 1"],
                           env={"NEO4J_PASSWORD": "x"})  # fmt: skip
    assert result.exit_code == 1 and "do not put credentials in the URI" in result.output
    assert "pw@" not in result.output


@pytest.mark.neo4j
def test_build_into_neo4j_and_query_it_like_a_folder(
    built: Path, neo4j_server: Neo4jServer, tmp_path: Path
) -> None:
    wipe(neo4j_server)
    arguments = ["build", str(EXAMPLES), "--out", str(tmp_path), "--extractions", GOLD,
                 "--store", "neo4j", "--neo4j-uri", neo4j_server.uri]  # fmt: skip
    if neo4j_server.database:
        arguments += ["--neo4j-database", neo4j_server.database]
    env = _environment(neo4j_server)
    first = runner.invoke(app, arguments, env=env)
    assert first.exit_code == 0, first.output
    assert "5 / 0 / 0" in first.output and neo4j_server.password not in first.output
    again = runner.invoke(app, arguments, env=env)
    assert "0 / 5 / 0" in again.output and "0 / 0" in again.output
    database = ["--neo4j-database", neo4j_server.database] if neo4j_server.database else []
    for named in ("best_response_per_line", "time_to_first_progression", "conflict_evidence"):
        outputs = [
            runner.invoke(app, ["query", target, "--named", named, "-f", fmt, *extra], env=env)
            for target, extra in ((str(built), []), (neo4j_server.uri, database))
            for fmt in ("csv", "json")
        ]
        assert all(result.exit_code == 0 for result in outputs), outputs[2].output
        assert outputs[0].stdout == outputs[2].stdout and outputs[1].stdout == outputs[3].stdout
        assert outputs[0].stdout.count("\n") > 1, named
    table = runner.invoke(app, ["query", neo4j_server.uri, "--named", "patient_overview",
                                *database], env=env)  # fmt: skip
    assert table.exit_code == 0 and "5 row(s)" in table.stdout


@pytest.mark.neo4j
def test_a_wrong_password_on_the_command_line_is_one_line(neo4j_server: Neo4jServer) -> None:
    env = {"NEO4J_USER": neo4j_server.user, "NEO4J_PASSWORD": "wrong"}
    result = runner.invoke(app, ["query", neo4j_server.uri, "RETURN 1"], env=env)
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "Neo4j refused the credentials" in result.output


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="starts its own local Neo4j")
def test_the_neo4j_demo_builds_queries_and_says_how_to_connect(tmp_path: Path) -> None:
    """What `make demo-neo4j` runs."""
    result = subprocess.run(
        [sys.executable, "-m", "tools.demo_neo4j", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "$ graphbuilder query bolt://127.0.0.1:" in result.stdout
    rows = result.stdout.split("--named best_response_per_line --format csv\n")[1]
    assert rows.startswith("patient_id,line,regimen,") and "\nP001,1,FOLFOX" in rows
    assert re.search(r"URI +bolt://127\.0\.0\.1:\d+\n +User +neo4j\n +Password +in ", result.stdout)
    assert not (tmp_path / "neo4j-password").exists()  # gone with the server
