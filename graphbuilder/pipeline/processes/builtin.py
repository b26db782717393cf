"""The built-in processes: one extraction process per report section, then the computations.

Extraction processes have one declaration per implementation family: `rules` (the default,
French patterns: a section runs on the reports labelled for it and on those whose title plainly
reads as such), `llm` (the prompts of `extract/backends/llm/tasks.py`, on the report kinds each
task declares) and `precomputed` (a file of extractions, on every report it covers). Whatever the
family, they output the same fact types, so the computations downstream do not change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from graphbuilder.core.vocabulary import ReportKind
from graphbuilder.extract.backends.llm.tasks import TASKS_BY_NAME
from graphbuilder.pipeline.processes.facts import EXTRACTED_FACT_TYPES
from graphbuilder.pipeline.processes.model import (
    AppliesTo,
    Condition,
    Implementation,
    Process,
    ReportView,
)
from graphbuilder.pipeline.processes.sections import PART_OF_PROCESS
from graphbuilder.rules.recist import RecistOptions

Family = Literal["rules", "llm", "precomputed"]
FAMILIES: tuple[Family, ...] = ("rules", "llm", "precomputed")
_SECTIONS_MODULE = "graphbuilder.pipeline.processes.sections"
_COMPUTATIONS = "graphbuilder.pipeline.processes.computations"
_RULES_SOURCES = ("graphbuilder.extract.backends.rules", _SECTIONS_MODULE)


@dataclass(frozen=True)
class _Section:
    name: str
    purpose: str
    outputs: tuple[str, ...]
    rules_kind: ReportKind | None  # None: every report
    tasks: tuple[str, ...]  # the LLM tasks whose answers hold its fields


_EXTRACTION_SECTIONS = (
    _Section(
        "radiology_exam",
        "Reads the exam a radiology report describes: its date, modality, whether it is a "
        "follow-up, and the dates of the exams it is compared with.",
        ("RadiologyExam",),
        ReportKind.RADIOLOGY,
        ("radiology_lesions", "radiology_evolution"),
    ),
    _Section(
        "radiology_lesions",
        "Reads every lesion of a radiology report (organ, sub-location, side, nodal, long and "
        "short axis, the previous size it quotes, new / present / disappeared, target) and "
        'its statement about new lesions ("pas de nouvelle lésion").',
        ("LesionMention", "NoNewLesionStatement"),
        ReportKind.RADIOLOGY,
        ("radiology_lesions",),
    ),
    _Section(
        "radiology_evolution",
        "Classifies the evolution a radiology report concludes to in five classes "
        "(Progression, Stability, Response, Unknown, Not-a-follow-up) and reads any RECIST "
        "category it states.",
        ("StatedEvolution",),
        ReportKind.RADIOLOGY,
        ("radiology_evolution",),
    ),
    _Section(
        "pathology",
        "Reads the breast pathology variables of each specimen: specimen type, morphology "
        "(ICD-O), SBR grade, tumour size, margins, lymph nodes taken and affected, "
        "lymphovascular invasion, extracapsular spread, ER, PR, HER2, Ki-67.",
        ("PathologyVariables",),
        ReportKind.PATHOLOGY,
        ("pathology",),
    ),
    _Section(
        "tnm",
        "Reads the TNM classification of each pathology result as written (ypT2N1M0).",
        ("TnmClassification",),
        ReportKind.PATHOLOGY,
        ("pathology",),
    ),
    _Section(
        "treatments",
        "Reads the treatments a report names: regimen or drug, category, start and end, "
        "status, line, cycle, radiotherapy dose and fractions.",
        ("TreatmentMention",),
        None,
        ("treatments",),
    ),
    _Section(
        "tumours",
        "Reads the primary cancers a report names: site, histology, side, date of diagnosis.",
        ("TumourMention",),
        None,
        ("treatments",),
    ),
)


def _reads_as(kind: ReportKind) -> Callable[[ReportView], bool]:
    """Labelled `kind`, or a title that reads as one: what the rules backend itself runs on."""

    def test(view: ReportView) -> bool:
        if view.report.kind is kind:
            return True
        # imported here: a build that does not use the rules must not need them
        from graphbuilder.extract.backends.rules import sniff
        from graphbuilder.extract.backends.rules.text.fold import fold

        sniffer = (
            sniff.reads_as_radiology if kind is ReportKind.RADIOLOGY else sniff.reads_as_pathology
        )
        return sniffer(fold(view.report.text))

    return test


def _rules_applies_to(kind: ReportKind | None) -> AppliesTo:
    if kind is None:
        return AppliesTo()
    return AppliesTo(
        condition=Condition(
            f"{kind.value} reports, and any report whose title reads as one", _reads_as(kind)
        )
    )


def _llm_applies_to(tasks: tuple[str, ...]) -> AppliesTo:
    kinds: frozenset[ReportKind] = frozenset().union(*(TASKS_BY_NAME[t].kinds for t in tasks))
    return AppliesTo(kinds=kinds)


def _implementation(section: _Section, family: Family) -> Implementation:
    reference = f"{_SECTIONS_MODULE}:{section.name}"
    if family == "rules":
        return Implementation("rules", reference, sources=_RULES_SOURCES)
    if family == "precomputed":
        return Implementation("precomputed", reference, sources=(_SECTIONS_MODULE,))
    prompts = tuple(
        f"prompts/{task}/{task}.v{TASKS_BY_NAME[task].prompt_version}.jinja"
        for task in section.tasks
    )
    schemas = tuple(f"schemas/{task}.answer.schema.json" for task in section.tasks)
    return Implementation(
        "llm", reference, prompts, schemas, sources=(_SECTIONS_MODULE,), tasks=section.tasks
    )


def extraction_processes(family: Family = "rules") -> tuple[Process, ...]:
    """The extraction processes, implemented by `family`."""
    applies = {
        "rules": lambda s: _rules_applies_to(s.rules_kind),
        "llm": lambda s: _llm_applies_to(s.tasks),
        "precomputed": lambda s: AppliesTo(),
    }[family]
    return tuple(
        Process(
            name=section.name,
            version="1",
            purpose=section.purpose,
            scope="report",
            outputs=section.outputs,
            implementation=_implementation(section, family),
            inputs=("Report",),
            applies_to=applies(section),
            output_model=PART_OF_PROCESS[section.name],
        )
        for section in _EXTRACTION_SECTIONS
    )


def _computation(
    name: str,
    purpose: str,
    outputs: tuple[str, ...],
    sources: tuple[str, ...],
    scope: Literal["report", "patient"] = "patient",
    **extra: Any,
) -> Process:
    implementation = Implementation("computation", f"{_COMPUTATIONS}:{name}", sources=sources)
    return Process(name, "1", purpose, scope, outputs, implementation, **extra)


def computation_processes(recist: RecistOptions | None = None) -> tuple[Process, ...]:
    """Each report read for assembly; then assembly, RECIST per line, conflicts and curation,
    once per patient."""
    from graphbuilder.pipeline.processes.computations import recist_parameters

    options = recist_parameters(recist or RecistOptions())
    extracted = tuple(fact.name for fact in EXTRACTED_FACT_TYPES)
    rules = ("graphbuilder.rules.recist", "graphbuilder.rules.timepoints")
    return (
        _computation(
            "report_reading",
            "Reads one report's extracted sections for assembly: each fact's values and "
            "evidence (span, quote, run), and the ids and rows of the facts that are the "
            "report's alone (measurements, stated assessments, pathology results). Kept per "
            "report, so a patient's new report does not make the earlier ones be read again.",
            ("ReportReading",),
            ("graphbuilder.assemble.reading", "graphbuilder.assemble.evidence", _SECTIONS_MODULE),
            scope="report",
            inputs=("Report", *extracted),
        ),
        _computation(
            "assembly",
            "Puts one patient's facts together: the reports, the facts read from each, the "
            "structured events; links lesions across reports (organ, sub-location, side, then "
            "size continuity and the previous size a report quotes), gathers the mentions of "
            "each treatment course and groups courses into lines.",
            ("PatientTimeline",),
            ("graphbuilder.assemble",),
            inputs=("Report", "StructuredEvent", "ReportReading"),
        ),
        _computation(
            "recist",
            "Computes RECIST 1.1 per treatment line: baseline (last exam before the line), "
            "targets, sum of diameters, changes against baseline, nadir and previous exam, "
            "timepoint and best overall response.",
            ("RecistTimepoint", "LineResponse"),
            rules,
            inputs=("PatientTimeline",),
            parameters=options,
        ),
        _computation(
            "conflicts",
            "Flags contradictions: stated evolution vs computed RECIST, quoted vs measured "
            "sizes, receptor flips, laterality or histology conflicts, impossible dates, text "
            "vs structured data, duplicate reports, implausible units.",
            ("Conflict",),
            ("graphbuilder.rules.conflicts",),
            inputs=("PatientTimeline", "RecistTimepoint"),
        ),
        _computation(
            "curation",
            "Applies the data steward's curation log: each conflict's status, the "
            "resolutions, and RECIST recomputed with the corrections in force.",
            ("CurationOutcome",),
            ("graphbuilder.curate", *rules),
            inputs=("Conflict", "CurationDecision", "PatientTimeline"),
            depends_on=("recist",),
            parameters=options,
        ),
    )


def builtin_processes(
    family: Family = "rules", recist: RecistOptions | None = None
) -> tuple[Process, ...]:
    return (*extraction_processes(family), *computation_processes(recist))
