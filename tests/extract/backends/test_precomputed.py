import datetime as dt
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.core.ids import text_sha256
from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backend import ReportInput
from graphbuilder.extract.backends.precomputed import PrecomputedBackend
from tests.support.patients import CT_1, ct_extraction


def _report(report_id: str, text: str = CT_1) -> ReportInput:
    return ReportInput(
        "P1", report_id, dt.date(2024, 1, 10), ReportKind.RADIOLOGY, text, text_sha256(text)
    )


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_serves_each_report_its_extraction(tmp_path: Path) -> None:
    extraction = ct_extraction("CT1", CT_1, "30 mm", "Not-a-follow-up", 30.0)
    backend = PrecomputedBackend(_write(tmp_path / "x.jsonl", extraction.model_dump_json()))
    (outcome,) = backend.extract([_report("CT1")])
    assert outcome.extraction == extraction
    assert backend.info().parameters["file"] == "x.jsonl"


def test_a_report_without_a_line_is_a_failed_extraction_not_a_crash(tmp_path: Path) -> None:
    backend = PrecomputedBackend(_write(tmp_path / "x.jsonl", ""))
    (outcome,) = backend.extract([_report("CT9")])
    assert not outcome.succeeded and outcome.failure == "no extraction in x.jsonl"


def test_evidence_that_does_not_quote_the_report_is_refused_without_printing_text(
    tmp_path: Path,
) -> None:
    extraction = ct_extraction("CT1", CT_1, "30 mm", "Not-a-follow-up", 30.0)
    backend = PrecomputedBackend(_write(tmp_path / "x.jsonl", extraction.model_dump_json()))
    (outcome,) = backend.extract([_report("CT1", CT_1.replace("30 mm", "31 mm"))])
    assert outcome.extraction is None
    assert outcome.failure is not None
    assert "x.jsonl:1: report 'CT1': the evidence at" in outcome.failure
    assert "31 mm" not in outcome.failure and "30 mm" not in outcome.failure


def test_a_line_that_breaks_the_schema_names_file_line_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "x.jsonl",
        '{"report_id": "CT1"}',
        '{"report_id": "CT2", "radiology": {"lesions": [{"organ": 3}]}}',
    )
    with pytest.raises(
        InputError,
        match=r"x\.jsonl:2: not a valid ReportExtraction: "
        r"radiology\.lesions\.0\.organ",
    ):
        PrecomputedBackend(path)


def test_two_lines_for_one_report_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.jsonl", '{"report_id": "CT1"}', '{"report_id": "CT1"}')
    with pytest.raises(InputError, match=r"x\.jsonl:2: report 'CT1': a second extraction"):
        PrecomputedBackend(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.jsonl: cannot read extractions"):
        PrecomputedBackend(tmp_path / "nope.jsonl")
