"""Fetch and prepare the local Neo4j once, in a cache folder shared by every run.

The cache ($GRAPHBUILDER_NEO4J_HOME, default ~/.cache/graphbuilder/neo4j-VERSION) holds:
  lib/                  Neo4j Community and its dependencies, copied there by Maven
  launcher-<hash>.jar   Launcher.java compiled (javac costs ~3 s, too much for every start)
  classes-<hash>.jsa    a class-data-sharing archive written by the first start: later starts
                        load Neo4j's classes from it, about a quarter faster on this machine
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

NEO4J_VERSION = "5.26.30"  # keep equal to <neo4j.version> in pom.xml
TOOL_DIR = Path(__file__).resolve().parent
POM = TOOL_DIR / "pom.xml"
LAUNCHER_SOURCE = TOOL_DIR / "Launcher.java"
CACHE_ENV = "GRAPHBUILDER_NEO4J_HOME"
LOG_TAIL_LINES = 25


class LocalNeo4jError(RuntimeError):
    """The local Neo4j could not be fetched, started or stopped; the message says what to do."""


def cache_dir() -> Path:
    """$GRAPHBUILDER_NEO4J_HOME, else ~/.cache/graphbuilder/neo4j-VERSION."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "graphbuilder" / f"neo4j-{NEO4J_VERSION}"


def require_tool(name: str, purpose: str) -> str:
    """The path of a JDK or Maven command (java honours JAVA_HOME), or a clear error."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and name in ("java", "javac", "jar"):
        candidate = Path(java_home) / "bin" / name
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(name)
    if found is None:
        raise LocalNeo4jError(
            f"`{name}` is not on PATH; it is needed to {purpose}. Install OpenJDK 17 and Maven "
            "(Debian: apt-get install openjdk-17-jdk-headless maven), or point NEO4J_URI, "
            "NEO4J_USER and NEO4J_PASSWORD at an existing Neo4j."
        )
    return found


def tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Serialise cache updates between processes (parallel test sessions, make targets)."""
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _run(command: list[str], what: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise LocalNeo4jError(
            f"{what} failed (exit {result.returncode}): {' '.join(command)}\n"
            f"{tail(result.stdout + result.stderr)}"
        )


def ensure_jars() -> Path:
    """Return the folder of Neo4j jars, running Maven once to fill it if needed."""
    cache = cache_dir()
    lib = cache / "lib"
    marker = lib / ".complete"
    if marker.is_file():
        return lib
    mvn = require_tool("mvn", "download Neo4j from Maven Central")
    with _locked(cache):
        if marker.is_file():  # another process finished while we waited for the lock
            return lib
        partial = cache / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        print(f"Fetching Neo4j {NEO4J_VERSION} into {lib} (once) ...", file=sys.stderr)
        _run(
            [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
             f"-DoutputDirectory={partial}"],
            f"Fetching Neo4j {NEO4J_VERSION} with Maven (is Maven Central reachable?)",
        )  # fmt: skip
        shutil.rmtree(lib, ignore_errors=True)
        partial.rename(lib)
        marker.write_text(NEO4J_VERSION + "\n")
    return lib


def ensure_launcher(lib: Path) -> Path:
    """Return Launcher.java compiled into a jar (a jar, not a folder: class sharing needs jars)."""
    digest = hashlib.sha256(LAUNCHER_SOURCE.read_bytes()).hexdigest()[:12]
    launcher = lib.parent / f"launcher-{digest}.jar"
    if launcher.is_file():
        return launcher
    javac = require_tool("javac", "compile the Neo4j launcher (install a JDK, not only a JRE)")
    jar = require_tool("jar", "package the Neo4j launcher")
    with _locked(lib.parent), tempfile.TemporaryDirectory(dir=lib.parent) as scratch:
        if launcher.is_file():
            return launcher
        classes = Path(scratch) / "classes"
        _run([javac, "-cp", f"{lib}/*", "-d", str(classes), str(LAUNCHER_SOURCE)], "javac")
        partial = Path(scratch) / launcher.name
        _run([jar, "cf", str(partial), "-C", str(classes), "."], "jar")
        partial.rename(launcher)
        _remove_others(launcher, "launcher-*.jar")
    return launcher


def _remove_others(current: Path, pattern: str) -> None:
    """Drop what an earlier Launcher.java or JDK left in the cache (an archive is ~115 MB)."""
    for stale in current.parent.glob(pattern):
        if stale != current:
            stale.unlink(missing_ok=True)


class ClassArchive:
    """Class-data sharing for Neo4j's ~200 jars: the first server started writes the archive
    when it stops (-XX:ArchiveClassesAtExit); later servers map it (-XX:SharedArchiveFile).

    The JVM ignores an archive that does not match its classpath or build, so the file name
    changes with both: a JDK update or a new launcher simply leads to a new archive. Only one
    server at a time writes it (a claim file); the others start without it meanwhile.
    """

    STALE_CLAIM_SECONDS = 900

    def __init__(self, java: str, launcher: Path) -> None:
        java_binary = Path(java).resolve()
        identity = f"{java_binary}|{java_binary.stat().st_mtime_ns}|{launcher.name}"
        digest = hashlib.sha256(identity.encode()).hexdigest()[:12]
        self.path = launcher.parent / f"classes-{digest}.jsa"
        self._partial = self.path.with_name(self.path.name + ".partial")
        self._claim = self.path.with_name(self.path.name + ".claim")
        self._writing = False

    def jvm_flags(self) -> list[str]:
        if self.path.is_file():
            return [f"-XX:SharedArchiveFile={self.path}"]
        if self._take_claim():
            self._writing = True
            return [f"-XX:ArchiveClassesAtExit={self._partial}"]
        return []

    def finish(self, server_was_ready: bool, exit_code: int | None) -> None:
        """After the JVM ended: keep only an archive from a server that started and stopped well."""
        if not self._writing:
            return
        self._writing = False
        if server_was_ready and exit_code == 0 and self._partial.is_file():
            self._partial.replace(self.path)
            _remove_others(self.path, "classes-*.jsa")
        self._partial.unlink(missing_ok=True)
        self._claim.unlink(missing_ok=True)

    def _take_claim(self) -> bool:
        with contextlib.suppress(FileNotFoundError):
            age = time.time() - self._claim.stat().st_mtime
            if age > self.STALE_CLAIM_SECONDS:  # its writer died
                self._claim.unlink(missing_ok=True)
        try:
            os.close(os.open(self._claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True
