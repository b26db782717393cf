"""The test suite's real Neo4j: started locally (or taken from NEO4J_URI) and usable as Neo4j is."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import neo4j
import psutil
import pytest
from neo4j.exceptions import AuthError
from neo4j.time import Date

from tests.support.neo4j_fixture import Neo4jServer
from tools.neo4j.install import ClassArchive, require_tool
from tools.neo4j.local_neo4j import LocalNeo4j, LocalNeo4jError, remove_orphaned_work_dirs

pytestmark = pytest.mark.neo4j

needs_local_launcher = pytest.mark.skipif(
    bool(os.environ.get("NEO4J_URI")),
    reason="NEO4J_URI is set: the tests use that server, not the local launcher",
)


def test_server_reports_its_version_and_edition(neo4j_server: Neo4jServer) -> None:
    with neo4j_server.driver() as driver:
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition",
            database_=neo4j_server.database,
        )
    kernel = next(record for record in records if record["name"] == "Neo4j Kernel")
    version = kernel["versions"][0]
    if neo4j_server.local:
        assert version.startswith("5.26.")
        assert kernel["edition"] == "community"
    else:
        assert int(version.split(".")[0]) >= 5


def test_wrong_password_is_refused_and_right_one_accepted(neo4j_server: Neo4jServer) -> None:
    wrong = (neo4j_server.user, neo4j_server.password + "-wrong")
    with (
        neo4j.GraphDatabase.driver(neo4j_server.uri, auth=wrong) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()
    with neo4j_server.driver() as driver:
        driver.verify_connectivity()


def test_dates_round_trip_as_neo4j_dates(neo4j_server: Neo4jServer) -> None:
    with neo4j_server.driver() as driver:
        records, _, _ = driver.execute_query(
            "RETURN date('2024-01-02') AS literal, $day AS parameter",
            day=dt.date(2024, 1, 2),
            database_=neo4j_server.database,
        )
    literal, parameter = records[0]["literal"], records[0]["parameter"]
    assert isinstance(literal, Date)
    assert literal == Date(2024, 1, 2)
    assert parameter == literal
    assert literal.to_native() == dt.date(2024, 1, 2)


def test_writes_are_seen_by_a_later_connection(neo4j_server: Neo4jServer) -> None:
    marker = f"test_local_neo4j-{uuid.uuid4()}"
    database = neo4j_server.database
    with neo4j_server.driver() as writer:
        writer.execute_query(
            "CREATE (:GraphbuilderTestProbe {marker: $marker, seen: date('2024-03-05')})",
            marker=marker,
            database_=database,
        )
    try:
        with neo4j_server.driver() as reader:
            records, _, _ = reader.execute_query(
                "MATCH (probe:GraphbuilderTestProbe {marker: $marker}) RETURN probe.seen AS seen",
                marker=marker,
                database_=database,
            )
        assert [record["seen"] for record in records] == [Date(2024, 3, 5)]
    finally:
        with neo4j_server.driver() as cleaner:
            cleaner.execute_query(
                "MATCH (probe:GraphbuilderTestProbe {marker: $marker}) DELETE probe",
                marker=marker,
                database_=database,
            )


@needs_local_launcher
@pytest.mark.slow
def test_stopping_ends_the_process_and_removes_the_data() -> None:
    server = LocalNeo4j(heap="512m")
    with server:
        pid, home, port = server.pid, server.home, server.port
        assert pid is not None and psutil.pid_exists(pid)
        assert (home / "data" / "databases" / "neo4j").is_dir()
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
    assert not psutil.pid_exists(pid)
    assert not home.exists()
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass


@needs_local_launcher
@pytest.mark.slow
def test_a_failed_start_shows_the_log_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where its data folder would stay
    # Neo4j requires passwords of at least 8 characters: the launcher fails after the DBMS started.
    server = LocalNeo4j(password="short", heap="512m")
    with pytest.raises(LocalNeo4jError, match=r"(?s)exited with code 1.*password"):
        server.start()
    assert server.pid is None
    assert list(tmp_path.iterdir()) == []


@needs_local_launcher
def test_a_busy_port_is_reported_before_starting() -> None:
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        busy_port = occupant.getsockname()[1]
        with pytest.raises(LocalNeo4jError, match=f"Port {busy_port} .* already in use"):
            LocalNeo4j(port=busy_port).start()


@needs_local_launcher
def test_missing_tools_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: neither mvn nor java
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("GRAPHBUILDER_NEO4J_HOME", str(tmp_path / "empty-cache"))
    with pytest.raises(LocalNeo4jError, match="`mvn` is not on PATH"):
        LocalNeo4j().start()


@needs_local_launcher
def test_data_left_by_a_killed_run_is_removed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    finished = subprocess.Popen(["true"])
    finished.wait()  # reaped: its process id now belongs to nobody
    dead_pid = finished.pid
    orphan = tmp_path / "graphbuilder-neo4j-orphan"
    alive = tmp_path / "graphbuilder-neo4j-alive"
    for folder, owner in ((orphan, dead_pid), (alive, os.getpid())):
        (folder / "home").mkdir(parents=True)
        (folder / "owner.pid").write_text(str(owner))
    remove_orphaned_work_dirs()
    assert not orphan.exists()
    assert alive.exists()


@needs_local_launcher
def test_one_server_writes_the_class_archive_and_later_ones_use_it(tmp_path: Path) -> None:
    launcher = tmp_path / "launcher-0123456789ab.jar"
    launcher.write_bytes(b"")
    java = require_tool("java", "run Neo4j")
    writer, concurrent = ClassArchive(java, launcher), ClassArchive(java, launcher)

    written_to = writer.jvm_flags()
    assert [flag.split("=")[0] for flag in written_to] == ["-XX:ArchiveClassesAtExit"]
    assert concurrent.jvm_flags() == []  # one writer at a time; the other starts without
    Path(written_to[0].split("=", 1)[1]).write_bytes(b"archive")  # what the JVM does at exit
    writer.finish(server_was_ready=True, exit_code=0)

    assert ClassArchive(java, launcher).jvm_flags() == [f"-XX:SharedArchiveFile={writer.path}"]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        [launcher.name, writer.path.name]
    )


@needs_local_launcher
def test_a_failed_server_leaves_no_class_archive(tmp_path: Path) -> None:
    launcher = tmp_path / "launcher-0123456789ab.jar"
    launcher.write_bytes(b"")
    archive = ClassArchive(require_tool("java", "run Neo4j"), launcher)
    written_to = archive.jvm_flags()
    Path(written_to[0].split("=", 1)[1]).write_bytes(b"half an archive")
    archive.finish(server_was_ready=False, exit_code=1)
    assert [path.name for path in tmp_path.iterdir()] == [launcher.name]
    assert archive.jvm_flags()[0].startswith("-XX:ArchiveClassesAtExit=")  # free to retry
