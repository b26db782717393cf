"""Rule passes over the assembled patient facts: RECIST 1.1 timepoints and source conflicts.

`recist` is the RECIST 1.1 engine on plain lesion observations; `timepoints.assess_patient`
feeds it a patient's linked lesions per treatment line and `timepoint_rows` writes the results
into the graph; `conflicts.detect_conflicts` runs the contradiction rules.
"""
