"""Opening a graph store from what a user names: a build's folder or a Neo4j URI.

Neo4j credentials come from NEO4J_USER / NEO4J_PASSWORD or from an interactive prompt that the
caller supplies (the CLI passes `getpass`); never from the command line, a URI or a log.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from graphbuilder.core.config import StoreConfig
from graphbuilder.core.errors import ConfigError, StoreError
from graphbuilder.store.embedded import EmbeddedStore
from graphbuilder.store.neo4j import Neo4jCredentials, Neo4jStore, Neo4jTarget
from graphbuilder.store.neo4j.connection import CREDENTIALS_HINT, is_neo4j_uri

USER_VARIABLE = "NEO4J_USER"
PASSWORD_VARIABLE = "NEO4J_PASSWORD"
DEFAULT_USER = "neo4j"
Store = EmbeddedStore | Neo4jStore  # both are GraphStores and context managers
Prompt = Callable[[str], str]  # e.g. getpass.getpass: shows the text, reads a hidden answer


def neo4j_credentials(
    environment: Mapping[str, str] | None = None, prompt: Prompt | None = None
) -> Neo4jCredentials:
    """NEO4J_USER (default neo4j) and NEO4J_PASSWORD, else the password from `prompt`."""
    environment = os.environ if environment is None else environment
    user = environment.get(USER_VARIABLE) or DEFAULT_USER
    password = environment.get(PASSWORD_VARIABLE)
    if not password and prompt is not None:
        password = prompt(f"Neo4j password for {user}: ")
    if not password:
        raise StoreError(f"no Neo4j password: {CREDENTIALS_HINT}")
    return Neo4jCredentials(user, password)


def open_target(
    target: str,
    *,
    database: str | None = None,
    prompt: Prompt | None = None,
    environment: Mapping[str, str] | None = None,
) -> Store:
    """A built graph to read: `bolt://…`/`neo4j://…` is a Neo4j server, anything else a folder."""
    if is_neo4j_uri(target):
        credentials = neo4j_credentials(environment, prompt)
        return Neo4jStore(Neo4jTarget(target, database), credentials)
    if database is not None:
        raise ConfigError(f"--neo4j-database {database!r}: only for a Neo4j URI, not {target!r}")
    return EmbeddedStore(Path(target), read_only=True)


def open_build_store(
    config: StoreConfig,
    out: Path,
    credentials: Neo4jCredentials | None = None,
) -> Store:
    """The store a build loads into: the embedded one in `out`, or the configured Neo4j."""
    if config.kind == "embedded":
        return EmbeddedStore(out)
    if not config.neo4j_uri:
        raise ConfigError(
            "store.neo4j_uri: required when store.kind is neo4j — pass --neo4j-uri bolt://HOST:PORT"
        )
    return Neo4jStore(
        Neo4jTarget(config.neo4j_uri, config.neo4j_database),
        credentials or neo4j_credentials(),
    )
