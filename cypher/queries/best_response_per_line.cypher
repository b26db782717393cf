// Question: What is the best overall RECIST 1.1 response of each treatment line, and when was
//   it first met?
// Parameters:
//   regimen STRING = ""  only lines whose regimen contains this text, any case ("" for all)
// Columns: patient_id, line, regimen, start_date, end_date, baseline_date, target_count,
//   best_response, best_response_date
MATCH (l:TreatmentLine)
WHERE $regimen = '' OR toLower(l.regimen) CONTAINS toLower($regimen)
RETURN l.patient_id AS patient_id,
       l.sequence AS line,
       l.regimen AS regimen,
       l.start_date AS start_date,
       l.end_date AS end_date,
       l.baseline_date AS baseline_date,
       l.target_count AS target_count,
       l.best_response AS best_response,
       l.best_response_date AS best_response_date
ORDER BY patient_id, line
