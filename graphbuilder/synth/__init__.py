"""Synthetic longitudinal French oncology corpora with gold extractions and per-patient truth.

`generate(SynthConfig(patients=200, seed=7, noise_rate=0.02), Path("out"))` writes the reports
(JSONL, folder + manifest, Parquet, FHIR), `gold.jsonl`, `truth.jsonl` and `treatments.csv`.
"""

from __future__ import annotations

from graphbuilder.synth.config import OutputFormat, SynthConfig, SynthSummary, parse_formats
from graphbuilder.synth.contradictions import CONTRADICTION_TYPES
from graphbuilder.synth.generate import check_gold, generate

__all__ = [
    "CONTRADICTION_TYPES",
    "OutputFormat",
    "SynthConfig",
    "SynthSummary",
    "check_gold",
    "generate",
    "parse_formats",
]
