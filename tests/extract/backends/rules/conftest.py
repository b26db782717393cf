"""Fixtures of the rules backend tests: one backend (its EDS-NLP pipeline loads once)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backends.rules import RulesBackend
from graphbuilder.extract.model import ReportExtraction
from tests.extract.backends.rules.support import run

Extract = Callable[..., ReportExtraction]


@pytest.fixture(scope="session")
def backend() -> RulesBackend:
    return RulesBackend()


@pytest.fixture(scope="session")
def extract(backend: RulesBackend) -> Extract:
    """`extract(text, kind=ReportKind.RADIOLOGY)`: the grounded extraction of one report."""

    def extract_one(text: str, kind: ReportKind = ReportKind.RADIOLOGY) -> ReportExtraction:
        extraction = run(backend, text, kind).extraction
        assert extraction is not None
        return extraction

    return extract_one
