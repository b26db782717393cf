"""Opening a Neo4j driver, with one clear line for each way it can fail.

The password never appears in a message, a log or a repr.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import neo4j
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConfigurationError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
)

from graphbuilder.core.errors import StoreError

MINIMUM_MAJOR_VERSION = 5
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CREDENTIALS_HINT = "set NEO4J_USER and NEO4J_PASSWORD (or answer the prompt)"
LOCAL_HINT = "start the project's local one with `make neo4j`"


@dataclass(frozen=True)
class Neo4jCredentials:
    user: str
    password: str = field(repr=False)


@dataclass(frozen=True)
class Neo4jTarget:
    """Where the graph lives on a Neo4j server."""

    uri: str
    database: str | None = None  # None: the server's default database

    def describe(self) -> str:
        return f"{self.uri} (database {self.database})" if self.database else self.uri


def connect(
    target: Neo4jTarget, credentials: Neo4jCredentials, **driver_config: Any
) -> neo4j.Driver:
    """A driver whose server answered, accepted the credentials and runs Neo4j 5 or later."""
    check_uri(target.uri)
    try:
        driver = neo4j.GraphDatabase.driver(
            target.uri,
            auth=(credentials.user, credentials.password),
            notifications_min_severity="OFF",  # planner hints would go to the log as warnings
            **driver_config,
        )
    except (ConfigurationError, ValueError) as error:
        raise StoreError(
            f"{target.uri}: not a Neo4j URI ({error}) — use bolt://HOST:PORT or neo4j://HOST:PORT"
        ) from None
    try:
        check_version(server_agent(driver, target), target)
    except BaseException as error:
        driver.close()
        if isinstance(error, Neo4jError | DriverError):
            raise connection_error(error, target, credentials.user) from None
        raise
    return driver


def is_neo4j_uri(text: str) -> bool:
    return urlsplit(text).scheme.lower() in URI_SCHEMES


def check_uri(uri: str) -> None:
    """A Bolt URI without credentials in it (they belong in the environment or a prompt)."""
    parts = urlsplit(uri)
    if parts.scheme.lower() not in URI_SCHEMES:
        raise StoreError(
            f"{uri}: not a Neo4j URI — use bolt://HOST:PORT or neo4j://HOST:PORT "
            f"(schemes: {', '.join(URI_SCHEMES)})"
        )
    if parts.username or parts.password:
        raise StoreError(
            f"{parts.scheme}://{parts.hostname}: do not put credentials in the URI — "
            f"{CREDENTIALS_HINT}"
        )


def server_agent(driver: neo4j.Driver, target: Neo4jTarget) -> str:
    """What the server calls itself, from a first query on the target database (this also
    proves the credentials and that the database exists)."""
    with driver.session(database=target.database) as session:
        summary = session.run("RETURN 1").consume()
    return str(summary.server.agent)


def check_version(agent: str, target: Neo4jTarget) -> None:
    """Refuse servers older than Neo4j 5 (agent strings look like `Neo4j/5.26.30`)."""
    match = re.match(r"Neo4j/(\d+)\.(\d+)", agent)
    if match is None:
        raise StoreError(
            f"{target.uri}: the server says it is {agent!r}, not Neo4j — point --neo4j-uri at "
            f"a Neo4j {MINIMUM_MAJOR_VERSION} or later server"
        )
    if int(match.group(1)) < MINIMUM_MAJOR_VERSION:
        raise StoreError(
            f"{target.uri}: {agent.replace('/', ' ')} is not supported — graphbuilder needs "
            f"Neo4j {MINIMUM_MAJOR_VERSION} or later: upgrade the server, or {LOCAL_HINT}"
        )


def connection_error(error: Exception, target: Neo4jTarget, user: str) -> StoreError:
    """The one line a user needs for a failed connection."""
    where = target.describe()
    if isinstance(error, AuthError) or _code(error).startswith("Neo.ClientError.Security"):
        return StoreError(
            f"{where}: Neo4j refused the credentials of user {user!r} "
            f"({first_line(error)}) — {CREDENTIALS_HINT}"
        )
    if _code(error) == "Neo.ClientError.Database.DatabaseNotFound":
        return StoreError(
            f"{where}: no database {target.database!r} on this server — create it, or leave "
            "out --neo4j-database to use the server's default (Community has only `neo4j`)"
        )
    if isinstance(error, ServiceUnavailable):
        return StoreError(
            f"{where}: cannot reach Neo4j ({first_line(error)}) — check that the server is "
            f"running and the URI and port are right, or {LOCAL_HINT}"
        )
    if isinstance(error, ClientError):
        return StoreError(f"{where}: Neo4j refused the request ({first_line(error)})")
    return StoreError(f"{where}: Neo4j failed ({type(error).__name__}: {first_line(error)})")


def _code(error: Exception) -> str:
    return str(getattr(error, "code", None) or "")


def first_line(error: Exception) -> str:
    text = str(getattr(error, "message", None) or error).strip()
    return text.splitlines()[0].rstrip(":") if text else type(error).__name__
