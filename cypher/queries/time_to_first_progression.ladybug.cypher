// Variant of: time_to_first_progression.cypher for ladybug: LadybugDB subtracts two dates
//   into a number of days.
MATCH (l:TreatmentLine)
OPTIONAL MATCH (l)-[:HAS_TIMEPOINT]->(t:RecistTimepoint)
WHERE t.kind = 'follow_up'
WITH l,
     min(CASE WHEN t.overall_response = 'PD' THEN t.date END) AS progression_date,
     max(t.date) AS last_exam_date
WITH l, progression_date, coalesce(progression_date, last_exam_date) AS event_date
RETURN l.patient_id AS patient_id,
       l.sequence AS line,
       l.regimen AS regimen,
       l.start_date AS start_date,
       progression_date IS NOT NULL AS progressed,
       event_date,
       event_date - l.start_date AS days_from_start
ORDER BY patient_id, line
