/**
 * A `tenants` CTE (of a WITH RECURSIVE) listing the distinct tenants of `jobs` by a loose index
 * scan of the (tenant, created_at) index: one index probe per tenant instead of a pass over the
 * table, so a query over every tenant can then read each one's jobs through that index. Its last
 * row is a NULL tenant.
 */
export const TENANTS_CTE = `tenants AS (
    (SELECT tenant FROM jobs ORDER BY tenant LIMIT 1)
    UNION ALL
    SELECT (SELECT j.tenant FROM jobs j WHERE j.tenant > t.tenant ORDER BY j.tenant LIMIT 1)
    FROM tenants t WHERE t.tenant IS NOT NULL
  )`;
