"""The settings of one synthetic corpus, validated once, and the summary of what was written."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from graphbuilder.core.errors import ConfigError


class OutputFormat(StrEnum):
    """How the reports themselves are written (gold, truth and treatments always are)."""

    JSONL = "jsonl"  # corpus.jsonl: the ingestion JSONL form
    FOLDER = "folder"  # reports/*.txt + manifest.csv
    PARQUET = "parquet"  # corpus.parquet, same columns as the JSONL
    FHIR = "fhir"  # fhir/documents.ndjson: one Bundle of DocumentReferences per patient


def parse_formats(text: str) -> tuple[OutputFormat, ...]:
    """`"jsonl,parquet"` → (JSONL, PARQUET); unknown names raise ConfigError listing the choices."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if not names:
        raise ConfigError(
            "synth.formats: empty — give at least one of jsonl, folder, parquet, fhir"
        )
    formats: list[OutputFormat] = []
    for name in names:
        try:
            chosen = OutputFormat(name)
        except ValueError:
            accepted = ", ".join(item.value for item in OutputFormat)
            raise ConfigError(
                f"synth.formats: {name!r} is not accepted (accepted: {accepted})"
            ) from None
        if chosen not in formats:
            formats.append(chosen)
    return tuple(formats)


@dataclass(frozen=True)
class SynthConfig:
    """What to generate. Same config ⇒ byte-identical output.

    `noise_rate` is the probability that a word of running (non-evidence) text carries a typo
    or an OCR-like error; `contradiction_rate` the probability that each contradiction type is
    injected into a patient whose course allows it.
    """

    patients: int = 100
    seed: int = 0
    noise_rate: float = 0.0
    contradiction_rate: float = 0.05
    formats: tuple[OutputFormat, ...] = (OutputFormat.JSONL,)
    validate: bool = False  # validate every gold record with ReportExtraction (slow)
    parquet_row_group: int = 20_000
    workers: int = 1  # processes rendering patients; the output does not depend on it

    def __post_init__(self) -> None:
        if not 1 <= self.patients <= 10_000_000:
            raise ConfigError(f"synth.patients: {self.patients} is not between 1 and 10,000,000")
        if self.seed < 0:
            raise ConfigError(f"synth.seed: {self.seed} must be zero or positive")
        for name in ("noise_rate", "contradiction_rate"):
            rate = getattr(self, name)
            if not 0.0 <= rate <= 1.0:
                raise ConfigError(f"synth.{name}: {rate} is not a rate between 0 and 1")
        if not self.formats:
            raise ConfigError("synth.formats: give at least one of jsonl, folder, parquet, fhir")
        if self.parquet_row_group < 1:
            raise ConfigError("synth.parquet_row_group: must be at least 1")
        if not 1 <= self.workers <= 64:
            raise ConfigError(f"synth.workers: {self.workers} is not between 1 and 64")


@dataclass
class SynthSummary:
    """What `generate` wrote: counts, files and the phrasing spread."""

    patients: int = 0
    reports: int = 0
    characters: int = 0
    contradictions: Counter[str] = field(default_factory=Counter)
    cancers: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    phrasings: dict[str, list[int]] = field(default_factory=dict)  # bank → uses per phrasing
    files: list[str] = field(default_factory=list)
    seconds: float = 0.0
