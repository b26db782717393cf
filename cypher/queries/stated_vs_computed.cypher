// Question: At which exams does the evolution the radiologist states (progression, stability,
//   response) disagree with the overall response RECIST 1.1 computes against baseline and
//   nadir? The response against the previous exam, what reports usually compare with, is
//   shown beside it.
// Parameters: none
// Columns: patient_id, line, exam_date, stated_evolution, stated_category, computed_overall,
//   computed_vs_previous
MATCH (l:TreatmentLine)-[:HAS_TIMEPOINT]->(t:RecistTimepoint)-[:COMPARED_WITH]->(s:StatedAssessment)
WHERE s.evolution IN ['Progression', 'Stability', 'Response']
  AND t.overall_response IN ['CR', 'PR', 'SD', 'PD']
WITH l, t, s,
     CASE t.overall_response
       WHEN 'PD' THEN 'Progression'
       WHEN 'SD' THEN 'Stability'
       ELSE 'Response'
     END AS computed_evolution
WHERE computed_evolution <> s.evolution
RETURN l.patient_id AS patient_id,
       l.sequence AS line,
       t.date AS exam_date,
       s.evolution AS stated_evolution,
       s.recist_category AS stated_category,
       t.overall_response AS computed_overall,
       t.response_vs_previous AS computed_vs_previous
ORDER BY patient_id, line, exam_date
