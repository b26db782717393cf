"""Assembly: one patient's reports, extractions and structured events → the patient graph.

`assemble(patient)` gives the graph rows and the typed facts the rule passes read: lesions
linked across reports (`lesions.link_lesions`) and treatment lines (`lines.treatment_lines`).
"""

from graphbuilder.assemble.facts import PatientFacts, TreatmentLine
from graphbuilder.assemble.patient import (
    AssembledPatient,
    PatientInput,
    ReportRecord,
    assemble,
    assemble_patient,
)

__all__ = [
    "AssembledPatient",
    "PatientFacts",
    "PatientInput",
    "ReportRecord",
    "TreatmentLine",
    "assemble",
    "assemble_patient",
]
