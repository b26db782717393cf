"""graphbuilder: longitudinal oncology patient graphs from French clinical reports."""

from __future__ import annotations

__version__ = "0.1.0"
