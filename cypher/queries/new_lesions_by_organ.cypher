// Question: In which organs do new lesions appear (a lesion a report calls new, or first seen
//   after the patient's first exam), in how many patients, and when?
// Parameters: none
// Columns: organ, new_lesions, patients, earliest, latest
MATCH (l:Lesion)-[:HAS_MEASUREMENT]->(m:Measurement)
WHERE m.status = 'new' OR m.new_lesion_candidate = true
WITH l, min(m.date) AS first_seen_new
RETURN l.organ AS organ,
       count(l) AS new_lesions,
       count(DISTINCT l.patient_id) AS patients,
       min(first_seen_new) AS earliest,
       max(first_seen_new) AS latest
ORDER BY organ
