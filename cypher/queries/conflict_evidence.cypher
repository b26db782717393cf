// Question: For each unresolved conflict, which facts does it involve, on which side, and
//   what did the source report say (its id and the quoted evidence)? The steward's queue.
// Parameters:
//   rule STRING = ""  only conflicts of this rule ("" for all)
// Columns: patient_id, rule, severity, conflict_id, message, role, fact_label, fact_id,
//   report_id, quote
// Dialect: a node's label differs (Neo4j: labels(n)[0], a list; LadybugDB: label(n), a
//   string); the embedded store runs conflict_evidence.ladybug.cypher
MATCH (c:Conflict)-[i:INVOLVES]->(f)
WHERE c.status <> 'resolved' AND ($rule = '' OR c.rule = $rule)
OPTIONAL MATCH (f)-[e:EXTRACTED_FROM]->(r:Report)
RETURN c.patient_id AS patient_id,
       c.rule AS rule,
       c.severity AS severity,
       c.id AS conflict_id,
       c.message AS message,
       i.role AS role,
       labels(f)[0] AS fact_label,
       f.id AS fact_id,
       r.report_id AS report_id,
       e.quote AS quote
ORDER BY patient_id, rule, conflict_id, role, fact_id, report_id
