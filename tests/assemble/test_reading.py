"""One report read for assembly: plain values and spans, kept without the text."""

import pickle

import pytest

from graphbuilder.assemble.patient import read_record
from tests.rules.examples import example_patient


def test_a_kept_reading_quotes_its_evidence_once_given_its_text_back() -> None:
    record = next(r for r in example_patient("P001").reports if r.kind == "radiology")
    reading = read_record("P001", record)
    assert reading.exam is not None and reading.exam.lesions
    lesion = reading.exam.lesions[0]
    quoted = reading.evidence(lesion.spans)
    assert (
        quoted["quote"] in record.text
        and quoted["quote"] == record.text[quoted["span_start"] : quoted["span_end"]]
    )

    kept = pickle.loads(pickle.dumps(reading))
    assert record.text not in pickle.dumps(reading).decode("utf-8", "replace")
    with pytest.raises(ValueError, match="no text to quote"):
        kept.evidence(lesion.spans)
    placed = kept.placed("moved.csv:9", record.text)
    assert placed.evidence(lesion.spans) == quoted and placed.source == "moved.csv:9"
