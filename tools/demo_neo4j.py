"""`make demo-neo4j`: the bundled examples built into a local Neo4j, queried, and how to connect.

    python -m tools.demo_neo4j [--out out/neo4j-demo] [--keep]

Starts a local Neo4j (tools/neo4j), runs `graphbuilder build examples/ --store neo4j` and a
named query against it with the real command line, prints the bolt URI, the user and the file
holding the password, then stops the server (its data goes with it) — or, with --keep, keeps
it running until Ctrl-C so that a Neo4j client can connect.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from tools.neo4j.local_neo4j import LocalNeo4j, LocalNeo4jError

ROOT = Path(__file__).resolve().parents[1]
NAMED_QUERY = "best_response_per_line"


def graphbuilder(*arguments: str, environment: dict[str, str]) -> None:
    command = [str(Path(sys.executable).parent / "graphbuilder"), *arguments]
    print("$ graphbuilder " + " ".join(arguments), flush=True)
    subprocess.run(command, cwd=ROOT, env=environment, check=True)


def connection_help(server: LocalNeo4j, password_file: Path, keep: bool) -> str:
    return "\n".join(
        [
            "",
            "Connect with a Neo4j client (Browser, Desktop, cypher-shell, a notebook):",
            f"  URI       {server.uri}",
            f"  User      {server.user}",
            f"  Password  in {password_file}",
            "From a shell:",
            f"  export NEO4J_USER={server.user} NEO4J_PASSWORD=$(cat {password_file})",
            f"  graphbuilder query {server.uri} --named stated_vs_computed",
            "Running until Ctrl-C."
            if keep
            else "The demo server stops now (its data is deleted);"
            " `make demo-neo4j KEEP=1` keeps it running.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.demo_neo4j")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "neo4j-demo")
    parser.add_argument("--keep", action="store_true", help="keep Neo4j running until Ctrl-C")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    password_file = args.out / "neo4j-password"
    try:
        with LocalNeo4j() as server:
            password_file.write_text(server.password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
            environment = {**os.environ, "NEO4J_USER": server.user,
                           "NEO4J_PASSWORD": server.password}  # fmt: skip
            graphbuilder("build", "examples/", "--out", str(args.out / "build"),
                         "--extractions", "examples/gold.jsonl",
                         "--store", "neo4j", "--neo4j-uri", server.uri,
                         environment=environment)  # fmt: skip
            graphbuilder("query", server.uri, "--named", NAMED_QUERY, "--format", "csv",
                         environment=environment)  # fmt: skip
            print(connection_help(server, password_file, args.keep), flush=True)
            if args.keep:
                try:
                    server.wait()
                except KeyboardInterrupt:
                    print("\nStopping Neo4j ...", flush=True)
    except (LocalNeo4jError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        password_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
