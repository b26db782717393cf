"""Stable, content-derived identifiers.

A rebuild of the same input must produce the same ids, so every id is a readable prefix plus a
short hash of the parts that define the thing (never a counter or a random uuid).
"""

from __future__ import annotations

import hashlib

_SEPARATOR = "\x1f"  # unit separator: cannot occur in ids or normalised keys


def text_sha256(text: str) -> str:
    """Hex SHA-256 of a report's text, as stored in the corpus table."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def digest(*parts: object, length: int = 16) -> str:
    """A short hex digest of the given parts, order-sensitive and separator-safe."""
    return _digest(parts, length // 2)


def _digest(parts: tuple[object, ...], size: int = 8) -> str:
    # Assembly hashes a hundred ids per patient: a list (not a generator) and the bound
    # blake2b keep this to the hashing itself.
    joined = _SEPARATOR.join(["" if part is None else str(part) for part in parts])
    return _blake2b(joined.encode(), digest_size=size).hexdigest()


_blake2b = hashlib.blake2b


def patient_node_id(patient_id: str) -> str:
    """The Patient node id is the hospital's own (pseudonymised) id, as researchers use it."""
    return patient_id


def report_node_id(patient_id: str, report_id: str) -> str:
    return f"report:{_digest((patient_id, report_id))}"


def fact_id(kind: str, *parts: object) -> str:
    """Id of a fact node (`measurement:…`, `treatment:…`) from the parts that define it."""
    return f"{kind}:{_digest((kind, *parts))}"
