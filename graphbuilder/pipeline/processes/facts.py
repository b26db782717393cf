"""The fact types of the built-in processes, the sources they start from, and where they land.

A fact type is what the DAG connects: a process outputs fact types, another reads them. The
`graph` mapping of each fact type is what the data dictionary shows as "produced by": the node
properties its facts fill. Source fact types come from the inputs themselves (the corpus, the
structured events file, the curation log), not from a process.
"""

from __future__ import annotations

from graphbuilder.assemble.reading import PATHOLOGY_COLUMNS
from graphbuilder.pipeline.processes.model import FactType

_PATHOLOGY_VARIABLES = PATHOLOGY_COLUMNS

SOURCE_FACT_TYPES: tuple[FactType, ...] = (
    FactType(
        "Report",
        "A report of the corpus as ingested: ids, date, kind, text and its SHA-256.",
        {"Report": ("report_id", "date", "kind", "sha256", "n_chars", "source")},
    ),
    FactType(
        "StructuredEvent",
        "A row of the structured events file: a treatment given, a diagnosis, a death.",
        {"Treatment": ("source",), "Patient": ("death_date", "diagnosis_date")},
    ),
    FactType(
        "CurationDecision",
        "A data steward's decision on a conflict, from the append-only curation log.",
    ),
)

EXTRACTED_FACT_TYPES: tuple[FactType, ...] = (
    FactType(
        "RadiologyExam",
        "The exam a radiology report describes: its date, modality, whether it is a follow-up "
        "and the dates of the exams it is compared with.",
        {"StatedAssessment": ("date", "modality", "is_follow_up"), "Measurement": ("date",)},
    ),
    FactType(
        "LesionMention",
        "A lesion as one radiology report describes it: organ, place, side, sizes, the "
        "previous size it quotes, new / present / disappeared, target or not.",
        {
            "Lesion": ("organ", "location", "laterality", "nodal"),
            "Measurement": (
                "long_axis_mm",
                "short_axis_mm",
                "status",
                "target",
                "previous_long_axis_mm",
                "previous_short_axis_mm",
                "previous_date",
            ),
        },
    ),
    FactType(
        "NoNewLesionStatement",
        'What a radiology report states about new lesions ("pas de nouvelle lésion").',
        {"StatedAssessment": ("no_new_lesion",)},
    ),
    FactType(
        "StatedEvolution",
        "The radiologist's stated evolution in five classes (Progression, Stability, Response, "
        "Unknown, Not-a-follow-up) and any RECIST category the report states.",
        {"StatedAssessment": ("evolution", "recist_category")},
    ),
    FactType(
        "PathologyVariables",
        "The breast pathology variables of a specimen: type, morphology, SBR grade, size, "
        "margins, nodes, emboli, capsular rupture, ER, PR, HER2, Ki-67.",
        {"PathologyResult": _PATHOLOGY_VARIABLES},
    ),
    FactType(
        "TnmClassification",
        "A TNM classification as written (prefix, T, N, M).",
        {"PathologyResult": ("tnm",)},
    ),
    FactType(
        "TreatmentMention",
        "A treatment a report names: regimen or drug, category, dates, status, line, cycle, "
        "radiotherapy dose and fractions.",
        {
            "Treatment": (
                "name",
                "category",
                "start_date",
                "end_date",
                "status",
                "line",
                "dose_gy",
                "fractions",
            )
        },
    ),
    FactType(
        "TumourMention",
        "A primary cancer a report names: site, histology, side, date of diagnosis.",
        {"Tumour": ("site", "histology", "laterality", "diagnosis_date")},
    ),
)

DERIVED_FACT_TYPES: tuple[FactType, ...] = (
    FactType(
        "ReportReading",
        "One report's facts as assembly reads them: each fact's values by field, its evidence "
        "(span, quote, run) and the ids of the facts that are the report's alone.",
    ),
    FactType(
        "PatientTimeline",
        "One patient's facts put together: reports, dated facts, lesions linked across reports "
        "(organ, place, side, size continuity, quoted previous size) and treatment lines.",
        {
            "Patient": ("id", "patient_id"),
            "Lesion": ("id", "first_seen", "last_seen"),
            "Measurement": ("link_confidence", "link_basis", "new_lesion_candidate"),
            "TreatmentLine": (
                "sequence",
                "stated_number",
                "regimen",
                "start_date",
                "end_date",
                "assessed_until",
                "basis",
            ),
        },
    ),
    FactType(
        "RecistTimepoint",
        "RECIST 1.1 per treatment line: baseline, each follow-up exam's sum of diameters, its "
        "changes against baseline, nadir and previous exam, and the categories.",
        {"RecistTimepoint": ()},  # every property
    ),
    FactType(
        "LineResponse",
        "A treatment line's RECIST baseline, targets and best overall response.",
        {
            "TreatmentLine": (
                "baseline_date",
                "baseline_sum_mm",
                "target_count",
                "best_response",
                "best_response_date",
                "recist_explanation",
            )
        },
    ),
    FactType(
        "Conflict",
        "A contradiction between two sources, or between a source and a computation.",
        {"Conflict": ("rule", "severity", "message", "fingerprint", "details")},
    ),
    FactType(
        "CurationOutcome",
        "Each conflict's status under the curation log, the steward's resolutions, and the "
        "corrections in force (RECIST recomputed with them).",
        {
            "Conflict": ("status",),
            "Resolution": (),
            "Tumour": ("curation",),
            "Measurement": ("curation",),
            "Treatment": ("curation",),
            "StatedAssessment": ("curation",),
            "PathologyResult": ("curation",),
        },
    ),
)

BUILTIN_FACT_TYPES: tuple[FactType, ...] = (
    *SOURCE_FACT_TYPES,
    *EXTRACTED_FACT_TYPES,
    *DERIVED_FACT_TYPES,
)
SOURCE_NAMES = frozenset(fact.name for fact in SOURCE_FACT_TYPES)
