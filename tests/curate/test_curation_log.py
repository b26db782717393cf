"""The curation log: one JSON line per decision, only ever appended, kept beside the output."""

import datetime as dt
from pathlib import Path

import pytest

from graphbuilder.core.errors import InputError
from graphbuilder.curate import CurationEntry, Decision, append_entry, default_log_path, read_log

AT = dt.datetime(2024, 6, 20, 9, 30, tzinfo=dt.UTC)


def entry(decision: Decision = Decision.DISMISS, **values: object) -> CurationEntry:
    fields: dict[str, object] = {
        "conflict_id": "conflict:abc",
        "patient_id": "P001",
        "rule": "stated-vs-computed",
        "decision": decision,
        "fingerprint": "f1",
        "author": "dr.steward",
        "at": AT,
        "reason": "compared with the previous exam",
    }
    fields.update(values)
    return CurationEntry.model_validate(fields)


def test_the_default_log_sits_beside_the_output_folder(tmp_path: Path) -> None:
    assert default_log_path(tmp_path / "graph") == tmp_path / "graph.curation.jsonl"


def test_entries_are_appended_and_read_back_in_order(tmp_path: Path) -> None:
    log = tmp_path / "curation.jsonl"
    first = entry()
    second = entry(Decision.REOPEN, reason="wrong call", at=AT + dt.timedelta(hours=1))
    append_entry(log, first)
    before = log.read_text(encoding="utf-8")
    append_entry(log, second)
    assert log.read_text(encoding="utf-8").startswith(before)  # nothing rewritten
    assert read_log(log) == (first, second)
    assert first.entry_id != second.entry_id and first.entry_id.startswith("resolution:")


def test_a_missing_log_is_empty(tmp_path: Path) -> None:
    assert read_log(tmp_path / "none.jsonl") == ()


def test_a_bad_line_is_reported_with_its_place(tmp_path: Path) -> None:
    log = tmp_path / "curation.jsonl"
    append_entry(log, entry())
    with log.open("a", encoding="utf-8") as handle:
        handle.write('{"conflict_id": "conflict:abc", "decision": "shrug"}\n')
    with pytest.raises(InputError, match=r"curation.jsonl:2: not a curation entry: "):
        read_log(log)


def test_decisions_carry_what_they_need() -> None:
    with pytest.raises(ValueError, match="names the accepted fact"):
        entry(Decision.ACCEPT)
    with pytest.raises(ValueError, match="names fact_id, field and value"):
        entry(Decision.CORRECT, fact_id="measurement:1")
    with pytest.raises(ValueError, match="time zone"):
        entry(at=dt.datetime(2024, 6, 20, 9, 30))
    correction = entry(Decision.CORRECT, fact_id="measurement:1", field="long_axis_mm", value=28.0)
    assert CurationEntry.model_validate_json(correction.to_json()) == correction
