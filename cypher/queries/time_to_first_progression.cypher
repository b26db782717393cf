// Question: For each treatment line, how many days from its start to the first RECIST 1.1
//   progression (overall response PD), or to the last follow-up exam when it has not
//   progressed (censored), as a time-to-event table?
// Parameters: none
// Columns: patient_id, line, regimen, start_date, progressed, event_date, days_from_start
// Dialect: date arithmetic differs (Neo4j: duration.inDays; LadybugDB: date - date); the
//   embedded store runs time_to_first_progression.ladybug.cypher
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
       duration.inDays(l.start_date, event_date).days AS days_from_start
ORDER BY patient_id, line
