"""The embedded store: a LadybugDB database on disk, no server."""

from graphbuilder.store.embedded.store import EmbeddedStore

__all__ = ["EmbeddedStore"]
