"""The evaluation as a paper's tables: fields, evolution confusion matrix, RECIST, conflicts."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from graphbuilder.evaluate.conflicts import ConflictScores, DetectionCounts
from graphbuilder.evaluate.recist_agreement import Agreement, RecistAgreement
from graphbuilder.evaluate.report import Evaluation
from graphbuilder.evaluate.scores import NO_VALUE, SLOT_CONVENTION, Confusion, FieldScore

# Column headings of the evolution matrix, short enough for a terminal (rows keep full names).
_SHORT = {
    "Progression": "Prog.",
    "Stability": "Stab.",
    "Response": "Resp.",
    "Unknown": "Unkn.",
    "Not-a-follow-up": "Not FU",
}


def figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render(evaluation: Evaluation, console: Console) -> None:
    reports = evaluation.reports()
    console.print(
        f"[bold]{evaluation.predicted}[/] against gold [bold]{evaluation.gold}[/]: "
        f"{reports['gold']} gold report(s), {reports['missing_in_prediction']} missing in the "
        f"prediction (scored as missed), {reports['ignored_prediction_not_in_gold']} predicted "
        "report(s) not in gold (ignored).",
        highlight=False,
    )
    for side in ("gold", "prediction"):
        duplicates = reports[f"duplicate_ids_in_{side}"]
        if duplicates:
            console.print(
                f"[yellow]note:[/] {len(duplicates)} report id(s) repeated in the {side} file; "
                "the first occurrence was used.",
                highlight=False,
            )
    console.print(f"[dim]{SLOT_CONVENTION}[/]", highlight=False)
    console.print(_field_table(evaluation))
    console.print(_confusion_table("Stated evolution (5 classes)", evaluation.extraction.evolution))
    if evaluation.recist is not None:
        _render_recist(evaluation.recist, console)
    if evaluation.conflicts is not None:
        _render_conflicts(evaluation.conflicts, console)


def _field_table(evaluation: Evaluation) -> Table:
    table = Table(title="Extraction, per field", title_justify="left")
    for name in ("Section", "Field", "Support", "Pred.", "P", "R", "F1", "Acc.", "Evid."):
        table.add_column(name, justify="left" if name in ("Section", "Field") else "right")
    summaries = {row.section: row for row in evaluation.summary_rows()}
    rows = evaluation.field_rows()
    for index, row in enumerate(rows):
        first = index == 0 or rows[index - 1].section != row.section
        _add_field_row(table, row, row.section if first else "")
        last = index + 1 == len(rows) or rows[index + 1].section != row.section
        if last:
            _add_field_row(table, summaries[row.section], "", style="bold", end_section=True)
    _add_field_row(table, summaries["overall"], "overall", style="bold")
    return table


def _add_field_row(
    table: Table, row: FieldScore, section: str, style: str | None = None, end_section: bool = False
) -> None:
    tally = row.tally
    table.add_row(
        section,
        row.field,
        str(tally.support),
        str(tally.predicted),
        figure(tally.precision),
        figure(tally.recall),
        figure(tally.f1),
        figure(row.accuracy),
        figure(tally.evidence_overlap),
        style=style,
        end_section=end_section,
    )


def _confusion_table(title: str, confusion: Confusion) -> Table:
    axis = confusion.axis()
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"{title}: rows gold, columns predicted",
        title_justify="left",
        caption=(
            f"accuracy {figure(confusion.accuracy())} · macro-F1 {figure(confusion.macro_f1())}"
            f" · kappa {figure(confusion.kappa())}"
        ),
        caption_justify="left",
    )
    table.add_column("gold \\ pred", no_wrap=True)
    for label in axis:
        table.add_column(_SHORT.get(label, label), justify="right", no_wrap=True)
    for extra in ("Support", "P", "R", "F1"):
        table.add_column(extra, justify="right", no_wrap=True)
    per_class = confusion.per_class()
    for gold in axis:
        if gold == NO_VALUE and not any(confusion.count(gold, pred) for pred in axis):
            continue  # every item had a gold value: no row for "none"
        tally = per_class.get(gold)
        figures = (
            (str(tally.support), figure(tally.precision), figure(tally.recall), figure(tally.f1))
            if tally is not None
            else ("", "", "", "")
        )
        table.add_row(gold, *(str(confusion.count(gold, pred)) for pred in axis), *figures)
    return table


def _render_recist(recist: RecistAgreement, console: Console) -> None:
    table = Table(title="RECIST agreement with the truth", title_justify="left")
    for name in ("Level", "Truth", "Matched", "Agreement", "When matched", "Kappa", "Patients"):
        table.add_column(name, justify="left" if name == "Level" else "right")
    levels: list[tuple[str, Agreement]] = []
    if recist.timepoints is not None:
        levels.append(("timepoint overall response", recist.timepoints))
    levels.append((f"best overall response ({recist.best_source})", recist.best))
    for name, agreement in levels:
        figures = agreement.as_dict()
        table.add_row(
            name,
            str(agreement.truth_items),
            str(agreement.matched),
            figure(figures["agreement"]),
            figure(figures["agreement_when_matched"]),
            figure(figures["kappa"]),
            f"{agreement.patients_agreeing}/{agreement.patients} "
            f"({figure(figures['patient_agreement'])})",
        )
    console.print(table)
    for name, agreement in levels:
        console.print(_confusion_table(name, agreement.confusion))


def _render_conflicts(conflicts: ConflictScores, console: Console) -> None:
    table = Table(title="Conflict detection against injected contradictions", title_justify="left")
    for name in ("Type", "Injected", "Detected", "R", "Predicted", "Correct", "P", "F1"):
        table.add_column(name, justify="left" if name == "Type" else "right")
    for kind, counts in conflicts.per_type.items():
        _add_conflict_row(table, kind, counts)
    _add_conflict_row(table, "all types", conflicts.overall, style="bold")
    console.print(table)
    if conflicts.unscored_rules:
        listed = ", ".join(f"{rule} ({n})" for rule, n in sorted(conflicts.unscored_rules.items()))
        console.print(f"[dim]not scored (no injected type maps to them): {listed}[/]")
    if conflicts.outside_truth:
        console.print(f"[dim]{conflicts.outside_truth} conflict(s) on patients not in the truth[/]")


def _add_conflict_row(
    table: Table, kind: str, counts: DetectionCounts, style: str | None = None
) -> None:
    table.add_row(
        kind,
        str(counts.injected),
        str(counts.detected),
        figure(counts.recall),
        str(counts.predicted),
        str(counts.correct_predictions),
        figure(counts.precision),
        figure(counts.f1),
        style=style,
    )
