// Question: Per regimen, among treatment lines with an assessable best overall response,
//   how many responded (CR or PR) and how many had their disease controlled (CR, PR or SD)?
// Parameters:
//   min_lines INT = 1  only regimens with at least this many assessable lines
// Columns: regimen, assessed_lines, patients, responders, response_rate_pct,
//   disease_control_pct
MATCH (l:TreatmentLine)
WHERE l.best_response IN ['CR', 'PR', 'SD', 'non-CR/non-PD', 'PD']
WITH l.regimen AS regimen,
     count(l) AS assessed_lines,
     count(DISTINCT l.patient_id) AS patients,
     count(CASE WHEN l.best_response IN ['CR', 'PR'] THEN 1 END) AS responders,
     count(CASE WHEN l.best_response IN ['CR', 'PR', 'SD', 'non-CR/non-PD'] THEN 1 END)
       AS controlled
WHERE assessed_lines >= $min_lines
RETURN regimen,
       assessed_lines,
       patients,
       responders,
       round(100.0 * responders / assessed_lines, 1) AS response_rate_pct,
       round(100.0 * controlled / assessed_lines, 1) AS disease_control_pct
ORDER BY regimen
