// Variant of: target_progression_within_months.cypher for ladybug: LadybugDB adds months with
//   to_months(n) and subtracts two dates into a number of days.
MATCH (l:TreatmentLine)-[:HAS_TIMEPOINT]->(t:RecistTimepoint)
WHERE t.kind = 'follow_up'
  AND t.target_response = 'PD'
  AND t.date <= l.start_date + to_months($months)
  AND ($regimen = '' OR toLower(l.regimen) CONTAINS toLower($regimen))
WITH l, min(t.date) AS progression_date
RETURN l.patient_id AS patient_id,
       l.sequence AS line,
       l.regimen AS regimen,
       l.start_date AS start_date,
       progression_date,
       progression_date - l.start_date AS days_after_start
ORDER BY patient_id, line
