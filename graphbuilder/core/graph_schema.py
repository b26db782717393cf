"""The patient graph's schema, in code: labels, typed properties, relationship endpoints.

Both stores generate their DDL from `GRAPH_SCHEMA` (LadybugDB tables, Neo4j constraints), and
`graphbuilder schema` renders it as the Markdown checked in as `schemas/graph.md`. Every node
has a stable content-derived `id`; every node but `ExtractionRun` has a `patient_id`, so a
patient's subgraph can be replaced alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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
        return [prop.name for prop in self.properties]


@dataclass(frozen=True)
class RelationshipType:
    type: str
    description: str
    endpoints: tuple[tuple[str, str], ...]  # (source label, target label) pairs
    properties: tuple[Property, ...] = field(default=())

    def property_names(self) -> list[str]:
        return [prop.name for prop in self.properties]


@dataclass(frozen=True)
class GraphSchema:
    nodes: tuple[NodeType, ...]
    relationships: tuple[RelationshipType, ...]

    def node(self, label: str) -> NodeType:
        for node in self.nodes:
            if node.label == label:
                return node
        raise KeyError(f"no node label {label!r} in the graph schema")

    def relationship(self, rel_type: str) -> RelationshipType:
        for rel in self.relationships:
            if rel.type == rel_type:
                return rel
        raise KeyError(f"no relationship type {rel_type!r} in the graph schema")


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


FACT_SPAN = (
    Property("span_start", INT, "Offset of the first character of the evidence.", True),
    Property("span_end", INT, "Offset just past the evidence.", True),
    Property("quote", STR, "The report text the fact was read from.", True),
    Property("field_spans", STR, "JSON: each field's own evidence span, {field: [start, end]}."),
    Property("run_id", STR, "The ExtractionRun that produced the fact.", True),
)

FACT_LABELS = ("Tumour", "Measurement", "Treatment", "StatedAssessment", "PathologyResult")

GRAPH_SCHEMA = GraphSchema(
    nodes=(
        NodeType(
            "Patient",
            "A patient, identified by the hospital's (pseudonymised) id.",
            (
                _id("patient"),
                _PATIENT_ID,
                Property("death_date", DATE, "Date of death, from the structured events file."),
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
                Property("histology", STR, "Histology as written."),
                Property("laterality", STR, "left | right | bilateral."),
                Property("diagnosis_date", DATE, "Date of diagnosis when stated."),
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
            ),
        ),
        NodeType(
            "Treatment",
            "A treatment line or course: regimen, surgery, radiotherapy.",
            (
                _id("treatment"),
                _PATIENT_ID,
                Property("name", STR, "Regimen or drug, normalised (FOLFOX).", True),
                Property("category", STR, "chemotherapy | targeted | immunotherapy | ...", True),
                Property("start_date", DATE, "Start date."),
                Property("end_date", DATE, "End date."),
                Property("status", STR, "planned | ongoing | stopped | completed."),
                Property("line", INT, "Treatment line number."),
                Property("dose_gy", FLOAT, "Radiotherapy dose in gray."),
                Property("fractions", INT, "Radiotherapy fractions."),
                Property("source", STR, "text | structured: where the treatment comes from.", True),
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
            ),
        ),
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
            tuple((label, "Report") for label in FACT_LABELS),
            FACT_SPAN,
        ),
        RelationshipType(
            "EXTRACTED_BY", "The run that extracted a report.", (("Report", "ExtractionRun"),)
        ),
    ),
)


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
