// Question: What does RECIST 1.1 compute at each exam of one patient's treatment lines: sum of
//   diameters, changes against baseline and nadir, and the response categories?
// Parameters:
//   patient_id STRING  the patient's id
// Columns: line, regimen, date, kind, sum_mm, pct_vs_baseline, pct_vs_nadir,
//   target_response, non_target_response, new_lesions, overall_response, response_vs_previous
MATCH (l:TreatmentLine {patient_id: $patient_id})-[:HAS_TIMEPOINT]->(t:RecistTimepoint)
RETURN l.sequence AS line,
       l.regimen AS regimen,
       t.date AS date,
       t.kind AS kind,
       t.sum_mm AS sum_mm,
       t.pct_vs_baseline AS pct_vs_baseline,
       t.pct_vs_nadir AS pct_vs_nadir,
       t.target_response AS target_response,
       t.non_target_response AS non_target_response,
       t.new_lesions AS new_lesions,
       t.overall_response AS overall_response,
       t.response_vs_previous AS response_vs_previous
ORDER BY line, date, kind
