// Question: How did each tracked lesion of one patient change in size, exam by exam, and
//   which report gave each size?
// Parameters:
//   patient_id STRING  the patient's id
// Columns: lesion_id, organ, location, laterality, nodal, date, long_axis_mm, short_axis_mm,
//   status, target, report_id
MATCH (l:Lesion {patient_id: $patient_id})-[:HAS_MEASUREMENT]->(m:Measurement)
OPTIONAL MATCH (m)-[:EXTRACTED_FROM]->(r:Report)
RETURN l.id AS lesion_id,
       l.organ AS organ,
       l.location AS location,
       l.laterality AS laterality,
       l.nodal AS nodal,
       m.date AS date,
       m.long_axis_mm AS long_axis_mm,
       m.short_axis_mm AS short_axis_mm,
       m.status AS status,
       m.target AS target,
       r.report_id AS report_id
ORDER BY organ, lesion_id, date, report_id
