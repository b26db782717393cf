"""The `rules` extraction backend: French clinical patterns and EDS-NLP qualifiers, offline.

`RulesBackend().extract(reports)` yields one `ExtractionOutcome` per `ReportInput`; see
`backend.py` for the flow and each sub-package (radiology, pathology, treatments, tumours,
qualifiers, dates, sizes, text) for its patterns.
"""

from __future__ import annotations

from graphbuilder.extract.backends.rules.backend import RulesBackend

__all__ = ["RulesBackend"]
