"""What assembly hands the rule passes: the facts beside the graph rows."""

import dataclasses
import datetime as dt

from graphbuilder.assemble import PatientInput, ReportRecord, assemble
from graphbuilder.core.ids import text_sha256
from graphbuilder.extract.model import ReportExtraction
from tests.rules.examples import example_patient
from tests.support.evidence import evidenced
from tests.support.patients import CT_1, colorectal_patient, record


def test_each_report_statement_is_a_fact_even_when_they_share_a_node() -> None:
    facts = assemble(example_patient("P001")).facts
    folfiri = [t for t in facts.treatments if t.name == "FOLFIRI" and t.source == "text"]
    said_ongoing = sorted(t.report_id for t in folfiri if t.status == "ongoing")
    assert said_ongoing == ["P001_R09", "P001_R10"]
    assert len({t.node_id for t in folfiri if t.status == "ongoing"}) == 1  # one Treatment node


def test_lesions_are_linked_and_new_ones_flagged_in_the_graph() -> None:
    assembled = assemble(example_patient("P001"))
    graph = assembled.graph
    assert len(graph.nodes["Lesion"]) == 5  # VI, VIII, IVa, the sigmoid, VII (new in October)
    new = [m for m in graph.nodes["Measurement"].values() if m["new_lesion_candidate"]]
    assert [(m["date"], m["long_axis_mm"], m["link_basis"]) for m in new] == [
        (dt.date(2023, 10, 24), 12.0, "no earlier lesion fits")
    ]
    segment_vi = [m for m in assembled.facts.measurements if m.location == "VI"]
    assert len({m.lesion_id for m in segment_vi}) == 1 and len(segment_vi) == 5
    assert all(0.9 <= m.link_confidence <= 1.0 for m in segment_vi)
    lesion = graph.nodes["Lesion"][segment_vi[0].lesion_id]
    assert (lesion["first_seen"], lesion["last_seen"]) == (
        dt.date(2023, 1, 20),
        dt.date(2024, 2, 6),
    )


def test_treatment_lines_land_in_the_graph_with_their_treatments() -> None:
    graph = assemble(example_patient("P003")).graph
    lines = sorted(graph.nodes["TreatmentLine"].values(), key=lambda line: line["sequence"])
    assert [(line["regimen"], line["stated_number"]) for line in lines] == [
        ("carboplatin-pemetrexed + pembrolizumab + pemetrexed", 1),  # in start order
        ("docetaxel", 2),
    ]
    includes = graph.relationships[("INCLUDES", "TreatmentLine", "Treatment")]
    first_line_treatments = {t for (line, t) in includes if line == lines[0]["id"]}
    names = {graph.nodes["Treatment"][t]["name"] for t in first_line_treatments}
    assert names == {"carboplatin-pemetrexed", "pembrolizumab", "pemetrexed"}


def test_a_report_id_given_twice_with_different_texts_is_kept_once_and_reported() -> None:
    patient = colorectal_patient()
    first = patient.reports[0]
    other_text = CT_1.replace("30 mm", "31 mm")
    changed = dataclasses.replace(
        first, text=other_text, sha256=text_sha256(other_text), source="b.txt"
    )
    exact_copy = dataclasses.replace(first, source="c.txt")
    patient = dataclasses.replace(patient, reports=[*patient.reports, changed, exact_copy])
    assembled = assemble(patient)
    assert len(assembled.graph.nodes["Report"]) == 2
    (duplicate,) = assembled.facts.duplicates
    assert duplicate.report_id == "CT1" and duplicate.sources == ("CT1.txt", "b.txt")


def test_the_patient_node_carries_the_structured_dates() -> None:
    patient = example_patient("P005")
    node = assemble(patient).graph.nodes["Patient"]["P005"]
    assert (node["diagnosis_date"], node["death_date"]) == (
        dt.date(2024, 2, 12),
        dt.date(2025, 8, 14),
    )


def test_a_tumour_keeps_what_was_first_stated_when_later_reports_say_less() -> None:
    """P001's later reports name the colorectal cancer as 'adénocarcinome' with no diagnosis
    date: the node keeps the diagnosis's words and date, each report keeps its own fact."""
    assembled = assemble(example_patient("P001"))
    [tumour] = assembled.graph.nodes["Tumour"].values()
    assert tumour["histology"] == "adénocarcinome lieberkühnien moyennement différencié"
    assert tumour["diagnosis_date"] == dt.date(2023, 1, 10)
    latest = max(assembled.facts.tumours, key=lambda fact: fact.date)
    assert (latest.report_id, latest.histology, latest.diagnosis_date) == (
        "P001_R10",
        "adénocarcinome",
        None,
    )


def test_a_tumour_named_without_its_side_is_the_one_tumour_of_that_site() -> None:
    """P003's later letters say 'adénocarcinome pulmonaire' with no side: that is the right
    lung cancer, not a second lung tumour; the facts keep what each report said."""
    assembled = assemble(example_patient("P003"))
    [tumour] = assembled.graph.nodes["Tumour"].values()
    assert (tumour["site"], tumour["laterality"]) == ("lung", "right")
    stated = {fact.laterality for fact in assembled.facts.tumours}
    assert stated == {"right", None}
    assert {fact.node_id for fact in assembled.facts.tumours} == {tumour["id"]}


def test_with_both_breasts_named_a_mention_without_a_side_joins_neither() -> None:
    text = "Carcinome du sein gauche et du sein droit. Suivi du carcinome mammaire."

    def note(report_id: str, day: int, side: str | None) -> ReportRecord:
        tumour = {"site": evidenced("breast", text, "sein")}
        if side is not None:
            tumour["laterality"] = evidenced(side, text, "gauche" if side == "left" else "droit")
        extraction = ReportExtraction.model_validate({"report_id": report_id, "tumours": [tumour]})
        return record(report_id, dt.date(2024, 1, day), "consultation", text, extraction)

    patient = PatientInput(
        "P9", [note("N1", 2, "left"), note("N2", 3, "right"), note("N3", 4, None)]
    )
    sides = sorted(str(t["laterality"]) for t in assemble(patient).graph.nodes["Tumour"].values())
    assert sides == ["None", "left", "right"]


def test_a_treatment_keeps_where_it_stands_when_a_later_report_only_names_it() -> None:
    """A course stopped with its end date, then named in passing: the node keeps 'stopped'
    and the end; a third report saying it is ongoing again moves both on together."""
    text = "FOLFOX arrêté le 10/10/2023. Antécédent de FOLFOX. FOLFOX en cours."

    def letter(report_id: str, day: int, **said: str) -> ReportRecord:
        treatment = {
            "name": evidenced("FOLFOX", text, "FOLFOX"),
            "category": evidenced("chemotherapy", text, "FOLFOX"),
            "start": evidenced("2023-02-08", text, "FOLFOX"),
        }
        if "status" in said:
            treatment["status"] = evidenced(said["status"], text, said["quote"])
        if "end" in said:
            treatment["end"] = evidenced(said["end"], text, "10/10/2023")
        extraction = ReportExtraction.model_validate(
            {"report_id": report_id, "treatments": [treatment]}
        )
        return record(report_id, dt.date(2023, 11, day), "consultation", text, extraction)

    stopped = letter("L1", 2, status="stopped", quote="arrêté", end="2023-10-10")
    named = letter("L2", 3)
    again = letter("L3", 4, status="ongoing", quote="en cours")

    def node(*reports: ReportRecord) -> dict[str, object]:
        [row] = assemble(PatientInput("P9", list(reports))).graph.nodes["Treatment"].values()
        return row

    kept = node(stopped, named)
    assert (kept["status"], kept["end_date"]) == ("stopped", dt.date(2023, 10, 10))
    moved_on = node(stopped, named, again)
    assert (moved_on["status"], moved_on["end_date"]) == ("ongoing", None)


def test_every_report_mention_of_one_course_lands_on_one_treatment_node() -> None:
    """P001's reports name FOLFOX with its start, without it, with its line and without:
    the tumour board sees one FOLFOX course told by the reports (and one in the events file)."""
    assembled = assemble(example_patient("P001"))
    folfox = [t for t in assembled.facts.treatments if t.name == "FOLFOX" and t.source == "text"]
    assert len(folfox) > 3 and len({t.node_id for t in folfox}) == 1
    node = assembled.graph.nodes["Treatment"][folfox[0].node_id]
    assert (node["start_date"], node["status"], node["line"]) == (
        dt.date(2023, 2, 8),
        "stopped",
        1,
    )


def test_undated_mentions_join_the_course_they_speak_of() -> None:
    """Planned before it starts, named in passing while it runs: the same course. Given again
    a year later, the drug starts a second course; named before any course, it stays apart."""
    text = "Antécédent de FOLFOX. FOLFOX à prévoir. FOLFOX débuté le 08/02/2023. Sous FOLFOX."

    def letter(report_id: str, date: dt.date, start: str | None, status: str) -> ReportRecord:
        treatment = {
            "name": evidenced("FOLFOX", text, "FOLFOX"),
            "category": evidenced("chemotherapy", text, "FOLFOX"),
            "status": evidenced(status, text, "FOLFOX"),
        }
        if start is not None:
            treatment["start"] = evidenced(start, text, "08/02/2023")
        extraction = ReportExtraction.model_validate(
            {"report_id": report_id, "treatments": [treatment]}
        )
        return record(report_id, date, "consultation", text, extraction)

    reports = [
        letter("history", dt.date(2022, 6, 1), None, "completed"),
        letter("board", dt.date(2023, 1, 20), None, "planned"),
        letter("start", dt.date(2023, 2, 9), "2023-02-08", "ongoing"),
        letter("passing", dt.date(2023, 4, 2), None, "ongoing"),
        letter("again", dt.date(2024, 3, 1), "2024-02-27", "ongoing"),
    ]
    facts = assemble(PatientInput("P9", reports)).facts
    node_of = {t.report_id: t.node_id for t in facts.treatments}
    assert node_of["board"] == node_of["start"] == node_of["passing"]
    assert len({node_of["history"], node_of["start"], node_of["again"]}) == 3
