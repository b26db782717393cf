"""The patient graph's schema, in code: labels, typed properties, relationship endpoints.

Both stores generate their DDL from `GRAPH_SCHEMA` (LadybugDB tables, Neo4j constraints), and
`graphbuilder schema` renders it as the Markdown checked in as `schemas/graph.md`. Every node
has a stable content-derived `id`; every node but `ExtractionRun` has a `patient_id`, so a
patient's subgraph can be replaced alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property


class PropertyType(StrEnum):
    STRING = "STRING"
    INT64 = "INT64"
    DOUBLE = "DOUBLE"
    BOOLEAN = "BOOLEAN"
    DATE = "DATE"
    TIMESTAMP = "TIMESTAMP"


@dataclass(frozen=True)
class Property:
    name: str
    type: PropertyType
    description: str
    required: bool = False


@dataclass(frozen=True)
class NodeType:
    label: str
    description: str
    properties: tuple[Property, ...]

    @property
    def key(self) -> str:
        return "id"

    def property_names(self) -> list[str]:
        return list(self._names)

    @cached_property
    def _names(self) -> tuple[str, ...]:  # every row of a build is checked against these
        return tuple(prop.name for prop in self.properties)


@dataclass(frozen=True)
class RelationshipType:
    type: str
    description: str
    endpoints: tuple[tuple[str, str], ...]  # (source label, target label) pairs
    properties: tuple[Property, ...] = field(default=())
    # Every patient's nodes point at the same few targets (an extraction run): Neo4j writes
    # these last in a transaction, so concurrent writers wait on the shared node the least.
    shared_target: bool = False
    # Queries follow it from its source only (a fact to its report): a store that keeps each
    # node's incoming list too can leave this one out and write half as much.
    forward_only: bool = False

    def property_names(self) -> list[str]:
        return list(self._names)

    @cached_property
    def _names(self) -> tuple[str, ...]:
        return tuple(prop.name for prop in self.properties)


@dataclass(frozen=True)
class GraphSchema:
    nodes: tuple[NodeType, ...]
    relationships: tuple[RelationshipType, ...]

    def node(self, label: str) -> NodeType:
        found = self._nodes.get(label)
        if found is None:
            raise KeyError(f"no node label {label!r} in the graph schema")
        return found

    def relationship(self, rel_type: str) -> RelationshipType:
        found = self._relationships.get(rel_type)
        if found is None:
            raise KeyError(f"no relationship type {rel_type!r} in the graph schema")
        return found

    @cached_property
    def _nodes(self) -> dict[str, NodeType]:  # looked up for every row a build writes
        return {node.label: node for node in self.nodes}

    @cached_property
    def _relationships(self) -> dict[str, RelationshipType]:
        return {rel.type: rel for rel in self.relationships}


STR, INT, FLOAT, BOOL, DATE, TIME = (
    PropertyType.STRING,
    PropertyType.INT64,
    PropertyType.DOUBLE,
    PropertyType.BOOLEAN,
    PropertyType.DATE,
    PropertyType.TIMESTAMP,
)


def _id(what: str) -> Property:
    return Property("id", STR, f"Stable content-derived id of the {what}.", required=True)


_PATIENT_ID = Property("patient_id", STR, "The patient's id as the hospital gives it.", True)


_CURATION = Property(
    "curation",
    STR,
    "corrected when a steward's correction applies (see CORRECTS); values stay as extracted.",
)

FACT_SPAN = (
    Property("span_start", INT, "Offset of the first character of the evidence.", True),
    Property("span_end", INT, "Offset just past the evidence.", True),
    Property("quote", STR, "The report text the fact was read from.", True),
    Property("field_spans", STR, "JSON: each field's own evidence span, {field: [start, end]}."),
    Property("run_id", STR, "The ExtractionRun that produced the fact.", True),
)

FACT_LABELS = ("Tumour", "Measurement", "Treatment", "StatedAssessment", "PathologyResult")

# ------------------------------------------------------------------ lineage and variables
# Every fact records the processes that produced it (pipeline/processes): aligned
# comma-separated lists, in the DAG's order; a run id is an ExtractionRun's. Hospital-defined
# variables (plugin processes) are VariableValue nodes, so adding one changes no table.
LINEAGE = (
    Property("process", STR, "Processes that produced the node (comma-separated, DAG order)."),
    Property("process_version", STR, "Their versions, in the same order."),
    Property("process_run", STR, "Their runs (ExtractionRun ids), in the same order."),
)
_WITHOUT_LINEAGE = frozenset({"Patient", "Report", "ExtractionRun"})

VARIABLE_NODE = NodeType(
    "VariableValue",
    "A value of a hospital-defined variable (a plugin process), e.g. ECOG performance status.",
    (
        Property("id", STR, "Stable content-derived id of the value.", True),
        Property("patient_id", STR, "The patient's id as the hospital gives it.", True),
        Property("variable", STR, "The variable: the fact type its process outputs.", True),
        Property("field", STR, "The field of the variable's model, as a dotted path.", True),
        Property("value", STR, "The value as text (JSON for a non-text value).", True),
        Property("value_number", FLOAT, "The value as a number, when it is one."),
        Property("date", DATE, "Date of the report it was read from.", True),
    ),
)


def with_lineage(schema: GraphSchema) -> GraphSchema:
    """The schema with the lineage properties on every node but patients, reports and runs."""
    nodes = tuple(
        node
        if node.label in _WITHOUT_LINEAGE
        else NodeType(node.label, node.description, (*node.properties, *LINEAGE))
        for node in schema.nodes
    )
    return GraphSchema(nodes, schema.relationships)


# ------------------------------------------------------------------ derived by the rule passes
# Treatment lines come from assembly; RECIST timepoints, conflicts and resolutions from the
# rule passes and the steward's curation log. Their ids are content-derived too: a line from
# its start and regimen, a timepoint from its line and date, a conflict from its rule and the
# facts it involves, a resolution from its curation-log entry.
_RESPONSE = "CR | PR | SD | non-CR/non-PD | PD | NE | none (and iRECIST categories)."
_VERSION = Property("version", STR, "Version of the step that computed it.", True)

LONGITUDINAL_NODES = (
    NodeType(
        "TreatmentLine",
        "A line of systemic treatment and its RECIST 1.1 assessment.",
        (
            _id("treatment line"),
            _PATIENT_ID,
            Property("sequence", INT, "Order among the patient's lines, from 1.", True),
            Property("stated_number", INT, "Line number the sources give, when they do."),
            Property("regimen", STR, "Its treatments' names, joined with ' + '.", True),
            Property("start_date", DATE, "Start of its first treatment.", True),
            Property("end_date", DATE, "Latest recorded end of its treatments."),
            Property("assessed_until", DATE, "Last exam date counted as its follow-up."),
            Property("basis", STR, "Why it is a new line (first, stated, new drug, ...).", True),
            Property("baseline_date", DATE, "RECIST baseline: last exam on or before the start."),
            Property("baseline_sum_mm", FLOAT, "Sum of the targets' diameters at baseline."),
            Property("target_count", INT, "Number of target lesions."),
            Property("best_response", STR, "Best overall response: " + _RESPONSE),
            Property("best_response_date", DATE, "Date the best response was first met."),
            Property("recist_explanation", STR, "Baseline, targets and best response, in words."),
            _VERSION,
        ),
    ),
    NodeType(
        "RecistTimepoint",
        "One exam of a treatment line as RECIST 1.1 computes it (baseline or follow-up).",
        (
            _id("timepoint"),
            _PATIENT_ID,
            Property("date", DATE, "Exam date.", True),
            Property("kind", STR, "baseline | follow_up.", True),
            Property("source", STR, "measured | quoted (sizes a later report quotes).", True),
            Property("sum_mm", FLOAT, "Sum of the targets' diameters (SoD)."),
            Property("sum_complete", BOOL, "Whether every target was assessed."),
            Property("baseline_sum_mm", FLOAT, "SoD at baseline."),
            Property("nadir_sum_mm", FLOAT, "Smallest SoD so far, baseline included."),
            Property("pct_vs_baseline", FLOAT, "% change of the SoD against baseline."),
            Property("pct_vs_nadir", FLOAT, "% change of the SoD against the nadir."),
            Property("abs_vs_nadir_mm", FLOAT, "Change of the SoD against the nadir, mm."),
            Property("previous_date", DATE, "Date of the previous complete exam."),
            Property("previous_sum_mm", FLOAT, "SoD of the previous complete exam."),
            Property("pct_vs_previous", FLOAT, "% change against the previous exam."),
            Property("response_vs_previous", STR, "The RECIST tables against the previous exam."),
            Property("target_response", STR, "Target lesions: " + _RESPONSE),
            Property("non_target_response", STR, "Non-target lesions: " + _RESPONSE),
            Property("new_lesions", STR, "none | equivocal | unequivocal."),
            Property("new_lesion_count", INT, "Lesions first seen since baseline."),
            Property("overall_response", STR, "Overall timepoint response: " + _RESPONSE),
            Property("explanation", STR, "The numbers and the categories, in one line.", True),
            _VERSION,
        ),
    ),
    NodeType(
        "Conflict",
        "Two sources (or a source and a computation) that cannot both be right.",
        (
            _id("conflict"),
            _PATIENT_ID,
            Property("rule", STR, "Id of the rule that found it (see rules/conflicts).", True),
            Property("severity", STR, "error | warning | info.", True),
            Property(
                "message", STR, "What disagrees, with values and dates (no report text).", True
            ),
            Property("status", STR, "open | resolved | reopened.", True),
            Property("fingerprint", STR, "Hash of the values compared; a change reopens it.", True),
            Property("details", STR, "JSON of the values compared."),
            _VERSION,
        ),
    ),
    NodeType(
        "Resolution",
        "A steward's decision on a conflict, from the append-only curation log.",
        (
            _id("resolution"),
            _PATIENT_ID,
            Property("conflict_id", STR, "The conflict decided on.", True),
            Property("decision", STR, "accept | correct | dismiss | reopen.", True),
            Property("status", STR, "applied | stale | superseded.", True),
            Property("author", STR, "Who decided.", True),
            Property("decided_at", TIME, "When (UTC).", True),
            Property("reason", STR, "Why, in the steward's words.", True),
            Property("fact_id", STR, "The fact accepted or corrected."),
            Property("field", STR, "The corrected property."),
            Property("value", STR, "JSON of the corrected value."),
        ),
    ),
)

_FACTS = (*FACT_LABELS, "Report", "Lesion", "RecistTimepoint", "TreatmentLine", "Patient")

LONGITUDINAL_RELATIONSHIPS = (
    RelationshipType("HAS_LINE", "A patient's treatment line.", (("Patient", "TreatmentLine"),)),
    RelationshipType(
        "INCLUDES", "A treatment given in the line.", (("TreatmentLine", "Treatment"),)
    ),
    RelationshipType(
        "HAS_TIMEPOINT",
        "An exam of the line, baseline included.",
        (("TreatmentLine", "RecistTimepoint"),),
    ),
    RelationshipType(
        "NEXT",
        "The line's next timepoint.",
        (("RecistTimepoint", "RecistTimepoint"),),
        (Property("days", INT, "Days between the two exams.", True),),
    ),
    RelationshipType(
        "BASED_ON",
        "A measurement the timepoint counts.",
        (("RecistTimepoint", "Measurement"),),
        (Property("role", STR, "target | non_target | new | quoted.", True),),
    ),
    RelationshipType(
        "COMPARED_WITH",
        "What the report of the same exam states.",
        (("RecistTimepoint", "StatedAssessment"),),
    ),
    RelationshipType("HAS_CONFLICT", "A patient's conflict.", (("Patient", "Conflict"),)),
    RelationshipType(
        "INVOLVES",
        "A fact the conflict rests on.",
        tuple(("Conflict", label) for label in _FACTS),
        (Property("role", STR, "The fact's side: stated, computed, quoted, measured, ...", True),),
    ),
    RelationshipType("RESOLVES", "A decision on the conflict.", (("Resolution", "Conflict"),)),
    RelationshipType(
        "ACCEPTS",
        "The side the steward accepted.",
        tuple(("Resolution", label) for label in _FACTS),
    ),
    RelationshipType(
        "CORRECTS",
        "A fact whose value the steward corrected (the fact keeps its extracted value).",
        tuple(("Resolution", label) for label in FACT_LABELS),
        (
            Property("field", STR, "The corrected property.", True),
            Property("original_value", STR, "JSON of the extracted value.", True),
            Property("corrected_value", STR, "JSON of the value used downstream.", True),
        ),
    ),
)

_SCHEMA = GraphSchema(
    nodes=(
        NodeType(
            "Patient",
            "A patient, identified by the hospital's (pseudonymised) id.",
            (
                _id("patient"),
                _PATIENT_ID,
                Property("death_date", DATE, "Date of death, from the structured events file."),
                Property("diagnosis_date", DATE, "Earliest diagnosis in the structured events."),
                Property("content_hash", STR, "Hash of every row of the patient's subgraph.", True),
            ),
        ),
        NodeType(
            "Report",
            "One source document: radiology, pathology, consultation, board.",
            (
                _id("report"),
                _PATIENT_ID,
                Property("report_id", STR, "The report's id as the hospital gives it.", True),
                Property("date", DATE, "Date of the report or exam.", True),
                Property(
                    "kind",
                    STR,
                    "radiology | pathology | consultation | tumour_board | other.",
                    True,
                ),
                Property("sha256", STR, "SHA-256 of the report text.", True),
                Property("n_chars", INT, "Length of the text in characters.", True),
                Property("source", STR, "File (and line or row) the report was read from.", True),
            ),
        ),
        NodeType(
            "ExtractionRun",
            "One extraction run: backend, model, prompts, parameters.",
            (
                _id("run"),
                Property("backend", STR, "rules | vllm | openai | precomputed.", True),
                Property("backend_version", STR, "Version of the backend or its library.", True),
                Property("model", STR, "Model name (LLM backends)."),
                Property("model_revision", STR, "Model revision or weights hash (LLM backends)."),
                Property("parameters", STR, "JSON of the prompts, sampling parameters and seed."),
                Property("started_at", TIME, "When the run started.", True),
                Property("ended_at", TIME, "When the run ended."),
                Property("process", STR, "The process it ran (none: a whole extraction)."),
                Property("process_version", STR, "The version of that process."),
            ),
        ),
        NodeType(
            "Tumour",
            "A primary cancer named in the reports.",
            (
                _id("tumour"),
                _PATIENT_ID,
                Property(
                    "site", STR, "Primary site: breast, colorectal, lung, lymphoma, ...", True
                ),
                Property(
                    "histology",
                    STR,
                    "Histology as first written (each report's words are quoted on its "
                    "EXTRACTED_FROM edge).",
                ),
                Property("laterality", STR, "left | right | bilateral."),
                Property("diagnosis_date", DATE, "Date of diagnosis, as first stated."),
                _CURATION,
            ),
        ),
        NodeType(
            "Lesion",
            "One physical lesion followed across reports.",
            (
                _id("lesion"),
                _PATIENT_ID,
                Property("organ", STR, "Organ (liver, lung, lymph_node, ...).", True),
                Property("location", STR, "Sub-location (liver segment, lung lobe, node station)."),
                Property("laterality", STR, "left | right | bilateral."),
                Property(
                    "nodal", BOOL, "True for a lymph node (measured by its short axis).", True
                ),
                Property("first_seen", DATE, "Date of the first report describing it.", True),
                Property("last_seen", DATE, "Date of the last report describing it."),
            ),
        ),
        NodeType(
            "Measurement",
            "A lesion's size on one date, from one report.",
            (
                _id("measurement"),
                _PATIENT_ID,
                Property("date", DATE, "Exam date.", True),
                Property("long_axis_mm", FLOAT, "Long axis in mm."),
                Property("short_axis_mm", FLOAT, "Short axis in mm."),
                Property("status", STR, "new | present | disappeared | too_small.", True),
                Property("target", STR, "target | non_target when the report says so."),
                Property("previous_long_axis_mm", FLOAT, "Previous long axis the report quotes."),
                Property("previous_short_axis_mm", FLOAT, "Previous short axis it quotes."),
                Property("previous_date", DATE, "Date of the quoted previous size."),
                Property(
                    "link_confidence", FLOAT, "Confidence (0-1) that it belongs to its Lesion."
                ),
                Property("link_basis", STR, "What the link to its Lesion rests on."),
                Property(
                    "new_lesion_candidate",
                    BOOL,
                    "First sighting of its lesion after the patient's first exam.",
                ),
                _CURATION,
            ),
        ),
        NodeType(
            "Treatment",
            "A treatment course (regimen, drug, surgery, radiotherapy): one per course the "
            "reports tell of, whatever each says of it, and one per row of the events file.",
            (
                _id("treatment"),
                _PATIENT_ID,
                Property("name", STR, "Regimen or drug, normalised (FOLFOX).", True),
                Property("category", STR, "chemotherapy | targeted | immunotherapy | ...", True),
                Property(
                    "start_date",
                    DATE,
                    "Start date; none when no report dates the course (reports naming a "
                    "course without a date join the one running at their date).",
                ),
                Property("end_date", DATE, "End date, with `status` from the latest report."),
                Property(
                    "status",
                    STR,
                    "planned | ongoing | stopped | completed, as the latest report that says "
                    "where the course stands puts it.",
                ),
                Property("line", INT, "Treatment line number."),
                Property("dose_gy", FLOAT, "Radiotherapy dose in gray."),
                Property("fractions", INT, "Radiotherapy fractions."),
                Property("source", STR, "text | structured: where the treatment comes from.", True),
                _CURATION,
            ),
        ),
        NodeType(
            "StatedAssessment",
            "What one report states about the disease's evolution.",
            (
                _id("assessment"),
                _PATIENT_ID,
                Property("date", DATE, "Exam date.", True),
                Property(
                    "evolution",
                    STR,
                    "Progression | Stability | Response | Unknown | Not-a-follow-up.",
                ),
                Property("recist_category", STR, "CR | PR | SD | PD | NE when stated."),
                Property("is_follow_up", BOOL, "Whether the exam is a follow-up."),
                Property("modality", STR, "CT | MRI | PET | US | XR | other."),
                Property("no_new_lesion", BOOL, "True when the report states no new lesion."),
                _CURATION,
            ),
        ),
        NodeType(
            "PathologyResult",
            "A pathology conclusion: breast variables and TNM.",
            (
                _id("pathology result"),
                _PATIENT_ID,
                Property("date", DATE, "Report date.", True),
                Property("specimen_type", STR, "biopsy | lumpectomy | mastectomy | ..."),
                Property("morphology", STR, "Morphology as written."),
                Property("morphology_icdo", STR, "ICD-O-3 morphology code."),
                Property("laterality", STR, "left | right | bilateral."),
                Property("sbr_grade", INT, "SBR (Elston-Ellis) grade, 1 to 3."),
                Property("tumour_size_mm", FLOAT, "Tumour size in mm."),
                Property("margins_clear", BOOL, "Whether margins are clear."),
                Property("nodes_examined", INT, "Lymph nodes examined."),
                Property("nodes_positive", INT, "Lymph nodes involved."),
                Property("lymphovascular_invasion", BOOL, "Lymphovascular emboli."),
                Property("extracapsular_spread", BOOL, "Nodal capsular rupture."),
                Property("er_status", STR, "positive | negative."),
                Property("er_percent", FLOAT, "ER-positive cells, %."),
                Property("pr_status", STR, "positive | negative."),
                Property("pr_percent", FLOAT, "PR-positive cells, %."),
                Property("her2_status", STR, "negative | low | equivocal | positive."),
                Property("her2_ihc", STR, "0 | 1+ | 2+ | 3+."),
                Property("her2_ish", STR, "amplified | not_amplified."),
                Property("ki67_percent", FLOAT, "Ki-67 index, %."),
                Property("tnm", STR, "TNM as written: ypT2N1M0."),
                _CURATION,
            ),
        ),
        *LONGITUDINAL_NODES,
        VARIABLE_NODE,
    ),
    relationships=(
        RelationshipType("HAS_REPORT", "A patient's report.", (("Patient", "Report"),)),
        RelationshipType("HAS_TUMOUR", "A patient's primary cancer.", (("Patient", "Tumour"),)),
        RelationshipType("HAS_LESION", "A patient's tracked lesion.", (("Patient", "Lesion"),)),
        RelationshipType(
            "HAS_MEASUREMENT", "A lesion's size at one exam.", (("Lesion", "Measurement"),)
        ),
        RelationshipType(
            "RECEIVED", "A treatment the patient received.", (("Patient", "Treatment"),)
        ),
        RelationshipType(
            "HAS_ASSESSMENT", "A report's stated evolution.", (("Report", "StatedAssessment"),)
        ),
        RelationshipType(
            "HAS_PATHOLOGY", "A report's pathology conclusion.", (("Report", "PathologyResult"),)
        ),
        RelationshipType(
            "EXTRACTED_FROM",
            "The report a fact was read from, with its evidence.",
            tuple((label, "Report") for label in (*FACT_LABELS, "VariableValue")),
            FACT_SPAN,
            forward_only=True,
        ),
        RelationshipType(
            "HAS_VARIABLE", "A hospital-defined variable's value.", (("Patient", "VariableValue"),)
        ),
        RelationshipType(
            "EXTRACTED_BY",
            "The run that extracted a report.",
            (("Report", "ExtractionRun"),),
            shared_target=True,
            forward_only=True,
        ),
        *LONGITUDINAL_RELATIONSHIPS,
    ),
)
GRAPH_SCHEMA = with_lineage(_SCHEMA)


def render_markdown(schema: GraphSchema = GRAPH_SCHEMA) -> str:
    """The schema as Markdown: what `graphbuilder schema` prints and schemas/graph.md holds."""
    lines = [
        "# The patient graph",
        "",
        "Generated from `graphbuilder/core/graph_schema.py` by `graphbuilder schema`; "
        "do not edit by hand.",
        "",
        "## Nodes",
        "",
    ]
    for node in schema.nodes:
        lines += [f"### {node.label}", "", node.description, "", *_property_table(node.properties)]
    lines += [
        "## Relationships",
        "",
        "| type | from → to | properties | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for rel in schema.relationships:
        ends = "<br>".join(f"{src} → {dst}" for src, dst in rel.endpoints)
        props = ", ".join(rel.property_names()) or "—"
        lines.append(f"| `{rel.type}` | {ends} | {props} | {rel.description} |")
    for rel in schema.relationships:
        if rel.properties:
            lines += ["", f"### {rel.type} properties", "", *_property_table(rel.properties)]
    return "\n".join(lines).rstrip() + "\n"


def _property_table(properties: tuple[Property, ...]) -> list[str]:
    rows = ["| property | type | required | meaning |", "| --- | --- | --- | --- |"]
    rows += [
        f"| `{p.name}` | {p.type.value} | {'yes' if p.required else ''} | {p.description} |"
        for p in properties
    ]
    return [*rows, ""]
