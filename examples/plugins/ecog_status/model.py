"""The variable this plugin adds: the ECOG / WHO (OMS) performance status a note states."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from graphbuilder.extract.model import Evidenced, StrictModel


class EvidencedScore(Evidenced[Annotated[int, Field(ge=0, le=4)]]):
    """A performance status score, 0 (fully active) to 4 (bedridden), and its evidence."""


class PerformanceStatus(StrictModel):
    """The patient's performance status as the note states it (ECOG and WHO/OMS agree, 0-4)."""

    score: EvidencedScore | None = Field(
        default=None, description="ECOG / WHO performance status, 0 to 4."
    )
