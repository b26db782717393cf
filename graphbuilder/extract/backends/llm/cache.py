"""The response cache: every model answer, keyed by everything that could change it.

The key hashes the report text, the prompt (id and template hash), the answer schema, the model
and its revision, every sampling parameter, the prompt format, the structured-outputs settings,
and the backend with its library versions. The cache stores the raw answer (and the attempts it
took), not the extraction: grounding and conversion run again on replay, so improving them needs
no model call. Answers that could not be obtained (server down, timeout) are never stored.

One SQLite file (`responses.sqlite`) holds the entries: each write is committed at once, so a run
killed midway keeps every answer it received.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graphbuilder.core.errors import ExtractionError

CACHE_FILE = "responses.sqlite"


def cache_key(components: dict[str, Any]) -> str:
    """The sha256 of the key components in canonical JSON."""
    canonical = json.dumps(components, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Attempt:
    """One request sent to the model for a cache entry."""

    max_tokens: int
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int
    problem: str | None = None


@dataclass(frozen=True)
class CachedAnswer:
    """The final answer text for a request (or the reason there is none) and its attempts."""

    text: str | None
    finish_reason: str | None
    failure: str | None
    attempts: tuple[Attempt, ...] = field(default_factory=tuple)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str) -> CachedAnswer:
        data = json.loads(raw)
        attempts = tuple(Attempt(**attempt) for attempt in data.pop("attempts"))
        return cls(attempts=attempts, **data)


class ResponseCache:
    """Answers on disk under `directory`; `read_only` opens without creating anything."""

    def __init__(self, directory: Path, *, read_only: bool = False) -> None:
        self.directory = directory
        self.path = directory / CACHE_FILE
        self._connection = self._connect(read_only)

    def _connect(self, read_only: bool) -> sqlite3.Connection | None:
        try:
            if read_only:
                if not self.path.is_file():
                    return None  # nothing cached yet: every lookup is a miss
                return sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            self.directory.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS answers ("
                " key TEXT PRIMARY KEY, components TEXT NOT NULL, answer TEXT NOT NULL)"
            )
            connection.commit()
            return connection
        except (OSError, sqlite3.Error) as error:
            raise ExtractionError(
                f"{self.path}: cannot open the LLM response cache ({error}) — "
                "check the folder's permissions or choose another with --llm-cache"
            ) from None

    def get_many(self, keys: Iterable[str]) -> dict[str, CachedAnswer]:
        """The cached answers among `keys`."""
        if self._connection is None:
            return {}
        found: dict[str, CachedAnswer] = {}
        wanted = list(dict.fromkeys(keys))
        for offset in range(0, len(wanted), 500):  # SQLite bounds the number of parameters
            chunk = wanted[offset : offset + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._connection.execute(
                f"SELECT key, answer FROM answers WHERE key IN ({marks})", chunk
            )
            for key, raw in rows:
                found[key] = CachedAnswer.from_json(raw)
        return found

    def put(self, key: str, components: dict[str, Any], answer: CachedAnswer) -> None:
        """Store an answer (committed at once)."""
        if self._connection is None:
            raise ExtractionError(f"{self.path}: the LLM response cache is read-only here")
        self._connection.execute(
            "INSERT OR REPLACE INTO answers (key, components, answer) VALUES (?, ?, ?)",
            (key, json.dumps(components, sort_keys=True, ensure_ascii=False), answer.to_json()),
        )
        self._connection.commit()

    def __len__(self) -> int:
        if self._connection is None:
            return 0
        (count,) = self._connection.execute("SELECT count(*) FROM answers").fetchone()
        return int(count)

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
