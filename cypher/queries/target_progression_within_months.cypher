// Question: Which patients' target lesions progressed by RECIST 1.1 (target response PD)
//   within N months of starting a treatment line, optionally of one regimen?
// Parameters:
//   months  INT = 6      months after the line's start
//   regimen STRING = ""  only lines whose regimen contains this text, any case ("" for all)
// Columns: patient_id, line, regimen, start_date, progression_date, days_after_start
// Dialect: date arithmetic differs (Neo4j: + duration({months: n}), duration.inDays;
//   LadybugDB: + to_months(n), date - date); the embedded store runs
//   target_progression_within_months.ladybug.cypher
MATCH (l:TreatmentLine)-[:HAS_TIMEPOINT]->(t:RecistTimepoint)
WHERE t.kind = 'follow_up'
  AND t.target_response = 'PD'
  AND t.date <= l.start_date + duration({months: $months})
  AND ($regimen = '' OR toLower(l.regimen) CONTAINS toLower($regimen))
WITH l, min(t.date) AS progression_date
RETURN l.patient_id AS patient_id,
       l.sequence AS line,
       l.regimen AS regimen,
       l.start_date AS start_date,
       progression_date,
       duration.inDays(l.start_date, progression_date).days AS days_after_start
ORDER BY patient_id, line
