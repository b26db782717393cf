// Variant of: conflict_evidence.cypher for ladybug: LadybugDB gives a node's label as a
//   string with label(n).
MATCH (c:Conflict)-[i:INVOLVES]->(f)
WHERE c.status <> 'resolved' AND ($rule = '' OR c.rule = $rule)
OPTIONAL MATCH (f)-[e:EXTRACTED_FROM]->(r:Report)
RETURN c.patient_id AS patient_id,
       c.rule AS rule,
       c.severity AS severity,
       c.id AS conflict_id,
       c.message AS message,
       i.role AS role,
       label(f) AS fact_label,
       f.id AS fact_id,
       r.report_id AS report_id,
       e.quote AS quote
ORDER BY patient_id, rule, conflict_id, role, fact_id, report_id
