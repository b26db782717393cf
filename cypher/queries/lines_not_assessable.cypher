// Question: Which treatment lines can RECIST 1.1 not assess, and why: no baseline exam before
//   the line started, or no follow-up exam after it?
// Parameters: none
// Columns: patient_id, line, regimen, start_date, reason
MATCH (l:TreatmentLine)
WITH l,
     COUNT { MATCH (l)-[:HAS_TIMEPOINT]->(t:RecistTimepoint) WHERE t.kind = 'follow_up' }
       AS follow_ups
WHERE l.baseline_date IS NULL OR follow_ups = 0
RETURN l.patient_id AS patient_id,
       l.sequence AS line,
       l.regimen AS regimen,
       l.start_date AS start_date,
       CASE WHEN l.baseline_date IS NULL THEN 'no baseline exam' ELSE 'no follow-up exam' END
         AS reason
ORDER BY patient_id, line
