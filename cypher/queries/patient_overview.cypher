// Question: For each patient, how much is known: reports and their date range, primary
//   tumours, treatment lines, tracked lesions and unresolved conflicts?
// Parameters: none
// Columns: patient_id, reports, first_report, last_report, tumours, lines, lesions,
//   unresolved_conflicts, diagnosis_date, death_date
MATCH (p:Patient)
OPTIONAL MATCH (p)-[:HAS_REPORT]->(r:Report)
WITH p, count(r) AS reports, min(r.date) AS first_report, max(r.date) AS last_report
RETURN p.patient_id AS patient_id,
       reports,
       first_report,
       last_report,
       COUNT { MATCH (p)-[:HAS_TUMOUR]->(:Tumour) } AS tumours,
       COUNT { MATCH (p)-[:HAS_LINE]->(:TreatmentLine) } AS lines,
       COUNT { MATCH (p)-[:HAS_LESION]->(:Lesion) } AS lesions,
       COUNT { MATCH (p)-[:HAS_CONFLICT]->(c:Conflict) WHERE c.status <> 'resolved' }
         AS unresolved_conflicts,
       p.diagnosis_date AS diagnosis_date,
       p.death_date AS death_date
ORDER BY patient_id
