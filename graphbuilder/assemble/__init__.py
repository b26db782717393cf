"""Assembly: one patient's reports, extractions and structured events → the patient graph."""

from graphbuilder.assemble.patient import PatientInput, ReportRecord, assemble_patient

__all__ = ["PatientInput", "ReportRecord", "assemble_patient"]
