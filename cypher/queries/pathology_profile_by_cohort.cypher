// Question: In a cohort of patients with a given primary site, how are the pathology
//   results spread over ER, PR and HER2 status, and what is their Ki-67 index?
// Parameters:
//   site STRING = "breast"  primary site of the cohort's tumours ("" for every site)
// Columns: site, er_status, pr_status, her2_status, patients, results, mean_ki67_percent,
//   min_ki67_percent, max_ki67_percent
MATCH (p:Patient)-[:HAS_TUMOUR]->(t:Tumour)
WHERE $site = '' OR t.site = $site
WITH DISTINCT p, t.site AS site
MATCH (p)-[:HAS_REPORT]->(:Report)-[:HAS_PATHOLOGY]->(r:PathologyResult)
WHERE r.er_status IS NOT NULL OR r.pr_status IS NOT NULL OR r.her2_status IS NOT NULL
   OR r.ki67_percent IS NOT NULL
RETURN site,
       coalesce(r.er_status, 'unknown') AS er_status,
       coalesce(r.pr_status, 'unknown') AS pr_status,
       coalesce(r.her2_status, 'unknown') AS her2_status,
       count(DISTINCT p) AS patients,
       count(r) AS results,
       round(avg(r.ki67_percent), 1) AS mean_ki67_percent,
       min(r.ki67_percent) AS min_ki67_percent,
       max(r.ki67_percent) AS max_ki67_percent
ORDER BY site, er_status, pr_status, her2_status
