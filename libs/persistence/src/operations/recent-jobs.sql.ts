/**
 * A `recent` CTE: the jobs created since `$1` (a timestamptz) of one tenant (`$2`), or of every
 * tenant when `tenant` is null. Every tenant's is read through the (tenant, created_at) index, a
 * tenant at a time (the distinct tenants found by a loose index scan), so neither case scans the
 * table nor needs an index of its own on the jobs' write path.
 */
export function recentJobsCte(columns: string, scope: 'tenant' | 'all'): string {
  if (scope === 'tenant')
    return `recent AS (
      SELECT ${columns} FROM jobs j WHERE j.tenant = $2::text AND j.created_at >= $1::timestamptz)`;
  return `tenants AS (
      (SELECT tenant FROM jobs ORDER BY tenant LIMIT 1)
      UNION ALL
      SELECT (SELECT j.tenant FROM jobs j WHERE j.tenant > t.tenant ORDER BY j.tenant LIMIT 1)
      FROM tenants t WHERE t.tenant IS NOT NULL
    ), recent AS (
      SELECT ${columns} FROM tenants t
      JOIN jobs j ON j.tenant = t.tenant AND j.created_at >= $1::timestamptz
      WHERE $2::text IS NULL
    )`;
}
