"""A real, local Neo4j Community server for development and tests; no Docker, no system package.

Maven fetches Neo4j (5.26 LTS, Java 17) from Maven Central into a cache folder once; a small Java
launcher (Launcher.java beside this file) runs it embedded with Bolt on a free loopback port,
authentication on, a random password and a throwaway data folder.

    with LocalNeo4j() as server:
        driver = neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password))

`python -m tools.neo4j.local_neo4j` (what `make neo4j` runs) starts one and keeps it running
until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType

from tools.neo4j.install import (
    NEO4J_VERSION,
    ClassArchive,
    LocalNeo4jError,
    ensure_jars,
    ensure_launcher,
    require_tool,
    tail,
)

__all__ = ["NEO4J_VERSION", "LocalNeo4j", "LocalNeo4jError", "ensure_jars", "main"]

USER = "neo4j"
LOOPBACK = "127.0.0.1"
PASSWORD_ENV = "GRAPHBUILDER_NEO4J_PASSWORD"  # how the launcher gets the password: not argv
DEFAULT_HEAP = "1g"
WORK_DIR_PREFIX = "graphbuilder-neo4j-"
# Set to 1, the test suite may empty the database of the server NEO4J_URI names.
MAY_EMPTY = "NEO4J_TESTS_MAY_EMPTY"
OWNER_FILE = "owner.pid"
JVM_FLAGS = (
    "-XX:+ExitOnOutOfMemoryError",
    # Throughput collector: G1's concurrent work cost ~15% more server CPU in a bulk load
    # (bench/bench_stores.py); pauses do not matter on a local development server.
    "-XX:+UseParallelGC",
    "-XX:-UsePerfData",  # no /tmp/hsperfdata_* files
    "-Xlog:disable",  # JVM warnings (e.g. a stale class archive) go to the log, not stdout
    "-Xlog:all=warning:stderr",
    "-Xlog:cds*=error:stderr",  # writing the archive lists every skipped class as a warning
    "-Dlog4j2.disable.jmx=true",
)


def free_port() -> int:
    """A loopback port nobody listens on right now (the launcher retries if it gets taken)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return True
    return False


def remove_orphaned_work_dirs() -> None:
    """Delete temporary data left by runs whose Python process was killed (its Neo4j then
    stopped by itself, but nobody removed the folder)."""
    for work_dir in Path(tempfile.gettempdir()).glob(WORK_DIR_PREFIX + "*"):
        try:
            owner = int((work_dir / OWNER_FILE).read_text())
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(work_dir, ignore_errors=True)
        except (OSError, ValueError):
            continue  # not ours to judge: unreadable, or an owner we may not signal


def _failure_summary(log: str) -> str:
    """The launcher's one-line root cause ("FAILED: ..."), else the last line of the log."""
    lines = log.strip().splitlines() or ["(empty log)"]
    failed = [line for line in lines if line.startswith("FAILED: ")]
    return failed[-1].removeprefix("FAILED: ") if failed else lines[-1]


class _PortTaken(Exception):
    """The launcher lost the race for an auto-picked port: try another one."""


class LocalNeo4j:
    """A Neo4j Community server on 127.0.0.1 for the lifetime of a `with` block.

    Data lives in a temporary folder removed on exit, unless `data_dir` is given (then it is kept
    and reused). The process also stops by itself if its parent dies (its stdin closes).
    """

    def __init__(
        self,
        *,
        port: int | None = None,
        data_dir: Path | None = None,
        password: str | None = None,
        heap: str = DEFAULT_HEAP,
        startup_timeout: float = 120.0,
    ) -> None:
        self.user = USER
        self.password = password or secrets.token_urlsafe(18)
        self.port = 0
        self._requested_port = port
        self._data_dir = data_dir
        self._heap = heap
        self._startup_timeout = startup_timeout
        self._work_dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._class_archive: ClassArchive | None = None
        self._ready = False

    @property
    def uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.port}"

    @property
    def home(self) -> Path:
        """The Neo4j home: data/, logs/ (debug.log) and conf/neo4j.conf as the launcher wrote it."""
        if self._work_dir is None:
            raise LocalNeo4jError("The local Neo4j is not started.")
        return self._work_dir / "home"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def __enter__(self) -> LocalNeo4j:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> LocalNeo4j:
        """Start the server and return once Bolt accepts connections with the password."""
        if self._process is not None:
            raise LocalNeo4jError(f"This local Neo4j is already running at {self.uri}.")
        lib = ensure_jars()
        java = require_tool("java", "run Neo4j")
        launcher = ensure_launcher(lib)
        self._class_archive = ClassArchive(java, launcher)
        classpath = f"{launcher}{os.pathsep}{lib}/*"
        if self._data_dir is not None:
            self._data_dir.mkdir(parents=True, exist_ok=True)
            self._work_dir = self._data_dir.resolve()
        else:
            remove_orphaned_work_dirs()
            self._work_dir = Path(tempfile.mkdtemp(prefix=WORK_DIR_PREFIX))
            (self._work_dir / OWNER_FILE).write_text(str(os.getpid()))
        try:
            self._start_on_some_port([java, f"-Xmx{self._heap}", *JVM_FLAGS, "-cp", classpath])
        except BaseException:
            self.stop()
            raise
        return self

    def _start_on_some_port(self, java_command: list[str]) -> None:
        if self._requested_port is not None:
            if _port_in_use(self._requested_port):
                raise LocalNeo4jError(
                    f"Port {self._requested_port} on {LOOPBACK} is already in use: stop what "
                    "listens there or choose another port (or none, to get a free one)."
                )
            self.port = self._requested_port
            self._launch(java_command)
            return
        for _attempt in range(3):
            self.port = free_port()
            try:
                self._launch(java_command)
                return
            except _PortTaken:
                continue
        raise LocalNeo4jError(
            f"Three free loopback ports were taken before Neo4j could bind them. Last lines of "
            f"its log:\n{tail(self.launcher_log())}"
        )

    def _log_path(self) -> Path:
        assert self._work_dir is not None
        return self._work_dir / "launcher.log"

    def _launch(self, java_command: list[str]) -> None:
        assert self._work_dir is not None and self._class_archive is not None
        ready_file = self._work_dir / "launcher.out"
        command = [
            *java_command, *self._class_archive.jvm_flags(),
            "Launcher", str(self.port), str(self._work_dir / "home"), "-",
        ]  # fmt: skip
        environment = {**os.environ, PASSWORD_ENV: self.password}
        with ready_file.open("wb") as stdout, self._log_path().open("wb") as stderr:
            # Own session: a Ctrl-C meant for the parent must not kill Neo4j before a clean stop.
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=stdout, stderr=stderr,
                env=environment, start_new_session=True,
            )  # fmt: skip
        self._wait_until_ready(ready_file)
        self._ready = True

    def _wait_until_ready(self, ready_file: Path) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self._startup_timeout
        while b"READY" not in ready_file.read_bytes():
            code = self._process.poll()
            if code is not None:
                log = self.launcher_log()
                self._process = None
                if self._class_archive is not None:
                    self._class_archive.finish(server_was_ready=False, exit_code=code)
                port_taken = "BindException" in log or "Address already in use" in log
                if port_taken and self._requested_port is None:
                    raise _PortTaken()
                raise LocalNeo4jError(
                    f"Neo4j exited with code {code} before it was ready on {self.uri}: "
                    f"{_failure_summary(log)}\nLast lines of its log:\n{tail(log)}"
                )
            if time.monotonic() > deadline:
                raise LocalNeo4jError(
                    f"Neo4j was not ready on {self.uri} after {self._startup_timeout:.0f} s "
                    f"(a slow or busy machine? raise startup_timeout). Last lines of its log:\n"
                    f"{tail(self.launcher_log())}"
                )
            time.sleep(0.1)

    def launcher_log(self) -> str:
        """What the launcher and Neo4j's user log wrote to stderr (Neo4j's debug.log is in home)."""
        try:
            return self._log_path().read_text(errors="replace")
        except OSError:
            return "(no log)"

    def wait(self) -> int:
        """Block until the server process ends by itself; return its exit code."""
        if self._process is None:
            raise LocalNeo4jError("The local Neo4j is not started.")
        return self._process.wait()

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the server (clean shutdown, then SIGTERM, then SIGKILL) and remove temp data.

        The timeout is generous because the first server also writes the class archive on exit.
        """
        process, self._process = self._process, None
        if process is not None:
            _stop_process(process, timeout)
            if self._class_archive is not None:
                self._class_archive.finish(self._ready, process.returncode)
        self._ready = False
        if self._work_dir is not None and self._data_dir is None:
            shutil.rmtree(self._work_dir, ignore_errors=True)
        self._work_dir = None


def _stop_process(process: subprocess.Popen[bytes], timeout: float) -> None:
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()  # the launcher shuts Neo4j down on end of input
    try:
        process.wait(timeout=timeout)
        return
    except subprocess.TimeoutExpired:
        process.terminate()  # SIGTERM: the JVM's shutdown hook stops Neo4j
    try:
        process.wait(timeout=timeout / 2)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def connection_help(server: LocalNeo4j, *, data_kept: bool) -> str:
    data_note = f"kept in {server.home}" if data_kept else "in a temporary folder, deleted on exit"
    # The test suite empties the server's database: say so only of a throwaway one.
    may_empty = "" if data_kept else f" {MAY_EMPTY}=1"
    return "\n".join(
        [
            f"Neo4j {NEO4J_VERSION} Community is running on loopback (data {data_note}).",
            f"  URI       {server.uri}",
            f"  User      {server.user}",
            f"  Password  {server.password}",
            "From another shell (the test suite then uses this server instead of starting one):",
            f"  export NEO4J_URI={server.uri} NEO4J_USER={server.user} "
            f"NEO4J_PASSWORD={server.password}{may_empty}",
            "From Python:",
            f"  neo4j.GraphDatabase.driver('{server.uri}', "
            f"auth=('{server.user}', '{server.password}'))",
            "Neo4j Browser, Desktop or cypher-shell: connect to the URI with that user and",
            "password (this server speaks Bolt only; it serves no HTTP Browser page).",
            "Stop with Ctrl-C.",
        ]
    )


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # unwinds through `with`, so Neo4j stops cleanly


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.neo4j.local_neo4j",
        description="Start a local Neo4j Community server on 127.0.0.1 until Ctrl-C.",
    )
    parser.add_argument("--port", type=int, help="Bolt port (default: a free one)")
    parser.add_argument(
        "--data-dir", type=Path, help="keep the database here (default: temporary, deleted)"
    )
    parser.add_argument("--heap", default=DEFAULT_HEAP, help="JVM max heap (default: %(default)s)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    server = LocalNeo4j(port=args.port, data_dir=args.data_dir, heap=args.heap)
    try:
        with server:
            print(connection_help(server, data_kept=args.data_dir is not None), flush=True)
            try:
                code = server.wait()
            except KeyboardInterrupt:
                print("\nStopping Neo4j ...", flush=True)
                return 0
            print(f"Neo4j stopped by itself (exit {code}). Its log ends with:", file=sys.stderr)
            print(tail(server.launcher_log()), file=sys.stderr)
            return 1
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except LocalNeo4jError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
