"""`RulesBackend`: French clinical rules, deterministic and offline, the default backend.

For each batch of reports: every section's matchers scan the text and propose mentions; EDS-NLP
qualifies all mentions of the batch in one `nlp.pipe` call; the sections then build their
models from what is still a fact. Which sections run follows the report's kind (radiology
findings for radiology reports, pathology for pathology reports, treatments and tumours for
all), plus the section a mislabelled report's title plainly asks for.

A report is never a crash: unreadable text, a text too long or an unexpected error yields an
empty extraction with a warning that gives the reason (never the text).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from itertools import islice
from pathlib import Path
from typing import Any

import graphbuilder
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import BackendInfo, ExtractionOutcome, ReportInput
from graphbuilder.extract.backends.rules import sniff
from graphbuilder.extract.backends.rules.dates.finder import find_dates
from graphbuilder.extract.backends.rules.pathology import extractor as pathology
from graphbuilder.extract.backends.rules.qualifiers.checks import apply_own_checks
from graphbuilder.extract.backends.rules.qualifiers.qualifier import Mention, Qualifier
from graphbuilder.extract.backends.rules.radiology import extractor as radiology
from graphbuilder.extract.backends.rules.text.document import ReportText
from graphbuilder.extract.backends.rules.treatments import extractor as treatments
from graphbuilder.extract.backends.rules.tumours import extractor as tumours
from graphbuilder.extract.model import ReportExtraction

# Only report ids and exception types are logged: an exception's message may quote report text.
logger = logging.getLogger(__name__)

MAX_CHARS = 200_000
BATCH_SIZE = 64
_PACKAGE_DIR = Path(__file__).parent


@dataclass
class _Prepared:
    """One report after the scan, waiting for the qualifiers."""

    report: ReportInput
    text: ReportText
    radiology: radiology.RadiologyDraft | None
    pathology: pathology.PathologyDraft | None
    treatments: treatments.TreatmentDraft
    tumours: tumours.TumourDraft
    warnings: list[str] = field(default_factory=list)

    @property
    def mentions(self) -> list[Mention]:
        found: list[Mention] = []
        for draft in (self.radiology, self.pathology, self.treatments, self.tumours):
            if draft is not None:
                found += draft.mentions
        return found


class RulesBackend:
    """The `rules` extraction backend (see the module docstring)."""

    name = "rules"

    def __init__(self, *, max_chars: int = MAX_CHARS, batch_size: int = BATCH_SIZE) -> None:
        self.max_chars = max_chars
        self.batch_size = batch_size
        self._qualifier = Qualifier(batch_size=batch_size)

    def info(self) -> BackendInfo:
        return BackendInfo(
            backend=self.name,
            backend_version=f"{graphbuilder.__version__}+rules.{rules_hash()}",
            parameters={"max_chars": self.max_chars, "edsnlp": _edsnlp_version()},
        )

    def extract(self, reports: Iterable[ReportInput]) -> Iterator[ExtractionOutcome]:
        iterator = iter(reports)
        while batch := list(islice(iterator, self.batch_size)):
            yield from self._extract_batch(batch)

    def _extract_batch(self, batch: list[ReportInput]) -> Iterator[ExtractionOutcome]:
        prepared: list[_Prepared | ExtractionOutcome] = [self._prepare(r) for r in batch]
        ready = [item for item in prepared if isinstance(item, _Prepared)]
        failed = self._qualify(ready)
        for item in prepared:
            if isinstance(item, ExtractionOutcome):
                yield item
            elif id(item) in failed:
                yield _empty(item.report, failed[id(item)])
            else:
                yield self._finish(item)

    def _qualify(self, ready: list[_Prepared]) -> dict[int, str]:
        """Qualify the batch in one pass; if that fails, report by report, so that one
        unexpected text costs its own extraction only. Returns the reasons of failures."""
        try:
            self._qualifier.qualify([(item.text, item.mentions) for item in ready])
            return {}
        except Exception as error:
            logger.warning(
                "EDS-NLP failed on a batch (%s); retrying report by report", type(error).__name__
            )
        failed: dict[int, str] = {}
        for item in ready:
            try:
                self._qualifier.qualify([(item.text, item.mentions)])
            except Exception as error:
                logger.warning(
                    "EDS-NLP failed on report %s (%s)", item.report.report_id, type(error).__name__
                )
                failed[id(item)] = (
                    f"the qualifiers could not read this report ({type(error).__name__})"
                )
        return failed

    def _prepare(self, report: ReportInput) -> _Prepared | ExtractionOutcome:
        reason = sniff.unreadable_reason(report.text)
        if reason is not None:
            return _empty(report, reason)
        warnings = []
        text = report.text
        if len(text) > self.max_chars:
            cut = text.rfind("\n", 0, self.max_chars)
            text = text[: cut if cut > self.max_chars // 2 else self.max_chars]
            warnings.append(
                f"the report has {len(report.text)} characters; only the first {len(text)} "
                f"were read (limit {self.max_chars})"
            )
        try:
            return self._scan(report, text, warnings)
        except Exception as error:  # a bug must cost one report, not the run
            logger.warning(
                "rules scan failed on report %s (%s)", report.report_id, type(error).__name__
            )
            return _empty(report, f"the rules could not read this report ({type(error).__name__})")

    def _scan(self, report: ReportInput, text: str, warnings: list[str]) -> _Prepared:
        document = ReportText(text, report.date)
        dates = find_dates(document)
        run_radiology, run_pathology = _sections_for(report.kind, document, warnings)
        prepared = _Prepared(
            report,
            document,
            radiology.scan(document, dates) if run_radiology else None,
            pathology.scan(document, dates) if run_pathology else None,
            treatments.scan(document, dates),
            tumours.scan(document, dates),
            warnings,
        )
        if run_radiology and document.conclusion_start() is None:
            warnings.append(
                "no conclusion section: the stated evolution was read in the whole text"
            )
        return prepared

    def _finish(self, item: _Prepared) -> ExtractionOutcome:
        report = item.report
        try:
            apply_own_checks(item.text, item.mentions)
            extraction = ReportExtraction(
                report_id=report.report_id,
                radiology=radiology.build(item.text, item.radiology) if item.radiology else None,
                pathology=_as_list(pathology.build(item.text, item.pathology))
                if item.pathology
                else [],
                treatments=treatments.build(item.text, item.treatments),
                tumours=tumours.build(item.text, item.tumours),
            )
        except Exception as error:
            logger.warning(
                "rules build failed on report %s (%s)", report.report_id, type(error).__name__
            )
            return _empty(report, f"the rules could not read this report ({type(error).__name__})")
        mismatch = _first_ungrounded(extraction, report.text)
        if mismatch is not None:
            return _empty(report, mismatch)
        return ExtractionOutcome(report.report_id, extraction, tuple(item.warnings))


def _sections_for(kind: ReportKind, document: ReportText, warnings: list[str]) -> tuple[bool, bool]:
    """(radiology, pathology): by kind, plus what a mislabelled report's title asks for."""
    radiology_run = kind is ReportKind.RADIOLOGY
    pathology_run = kind is ReportKind.PATHOLOGY
    if not radiology_run and sniff.reads_as_radiology(document.folded):
        radiology_run = True
        warnings.append(f"labelled {kind.value} but reads as a radiology report: findings read")
    if not pathology_run and sniff.reads_as_pathology(document.folded):
        pathology_run = True
        warnings.append(f"labelled {kind.value} but reads as a pathology report: results read")
    return radiology_run, pathology_run


def _as_list(result: Any) -> list[Any]:
    return [] if result is None else [result]


def _empty(report: ReportInput, reason: str) -> ExtractionOutcome:
    return ExtractionOutcome(
        report.report_id, ReportExtraction(report_id=report.report_id), (reason,)
    )


def _first_ungrounded(extraction: ReportExtraction, text: str) -> str | None:
    for evidence in extraction.evidences():
        if text[evidence.start : evidence.end] != evidence.text:
            return (
                f"internal error: evidence at {evidence.start}-{evidence.end} does not quote the "
                "report; nothing was kept"
            )
    return None


def rules_hash() -> str:
    """A short hash of every source file of the rules, patterns included."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _edsnlp_version() -> str:
    try:
        return metadata.version("edsnlp")
    except metadata.PackageNotFoundError:
        return "missing"
