"""`graphbuilder eval`: how well predicted extractions (and the longitudinal outputs built on
them) match a gold standard.

Any JSONL of `ReportExtraction` can be the gold, so a hospital can score backends and models
on its own annotated sample; with a synthetic corpus's `truth.jsonl`, RECIST categories and
conflict detection are scored as well.
"""

from __future__ import annotations

from graphbuilder.evaluate.api import EvaluationRequest, evaluate
from graphbuilder.evaluate.render import render
from graphbuilder.evaluate.report import Evaluation, write_field_csv, write_json

__all__ = [
    "Evaluation",
    "EvaluationRequest",
    "evaluate",
    "render",
    "write_field_csv",
    "write_json",
]
