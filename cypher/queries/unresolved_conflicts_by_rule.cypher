// Question: How many conflicts are still unresolved (open or reopened), per rule and
//   severity, and in how many patients?
// Parameters:
//   severity STRING = ""  only this severity: error, warning or info ("" for all)
// Columns: rule, severity, conflicts, patients
MATCH (c:Conflict)
WHERE c.status <> 'resolved' AND ($severity = '' OR c.severity = $severity)
RETURN c.rule AS rule,
       c.severity AS severity,
       count(c) AS conflicts,
       count(DISTINCT c.patient_id) AS patients
ORDER BY rule, severity
