"""A small corpus generated once per test session, with noise and many contradictions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graphbuilder.synth import OutputFormat, SynthConfig, SynthSummary, generate


@dataclass(frozen=True)
class Corpus:
    folder: Path
    summary: SynthSummary
    reports: list[dict[str, Any]]  # corpus.jsonl rows, in order
    gold: list[dict[str, Any]]  # gold.jsonl records, same order
    truth: list[dict[str, Any]]  # one per patient


def load(folder: Path, summary: SynthSummary) -> Corpus:
    def lines(name: str) -> list[dict[str, Any]]:
        with (folder / name).open(encoding="utf-8") as handle:
            return [json.loads(line) for line in handle]

    return Corpus(folder, summary, lines("corpus.jsonl"), lines("gold.jsonl"), lines("truth.jsonl"))


NOISY = SynthConfig(
    patients=80,
    seed=5,
    noise_rate=0.05,
    contradiction_rate=0.7,
    formats=tuple(OutputFormat),
    parquet_row_group=300,
)


@pytest.fixture(scope="session")
def noisy_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("noisy")
    return load(folder, generate(NOISY, folder))


@pytest.fixture(scope="session")
def clean_corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("clean")
    config = SynthConfig(patients=200, seed=9, noise_rate=0.0, contradiction_rate=0.0)
    return load(folder, generate(config, folder))
