"""French patterns for the performance status: "OMS 1", "ECOG 0", "PS 2", "état général OMS 1".

A note may give it more than once (at diagnosis, then today): the last statement wins. "OMS"
also names the WHO classification of tumours ("classification OMS 2019"): a score is a single
digit from 0 to 4, so a year never matches.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ecog_status.model import EvidencedScore, PerformanceStatus
from graphbuilder.pipeline.processes.model import ReportOutcome, ReportView

SCORE = re.compile(
    r"\b(?:OMS|ECOG|PS|[Pp]erformance [Ss]tatus|[Ii]ndice de performance)"
    r"(?:\s*(?:[:=]|(?:est )?(?:à|a|de|évalué à)))?\s*(?P<score>[0-4])\b"
)


def find_score(text: str) -> PerformanceStatus | None:
    """The performance status a note states, with the quote it rests on."""
    matches = list(SCORE.finditer(text))
    if not matches:
        return None
    found = matches[-1]  # the last statement is today's
    score = EvidencedScore(
        value=int(found["score"]),
        evidence={"start": found.start(), "end": found.end(), "text": found.group(0)},
    )
    return PerformanceStatus(score=score)


def extract(views: Sequence[ReportView], call: Any) -> list[ReportOutcome]:
    """The process's implementation: one outcome per note (None when it states no score)."""
    return [ReportOutcome(find_score(view.report.text)) for view in views]
