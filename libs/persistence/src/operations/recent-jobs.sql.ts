import { TENANTS_CTE } from '../shared/tenants.sql';

/**
 * A `recent` CTE: the jobs created since `$1` (a timestamptz) of one tenant (`$2`), or of every
 * tenant when `tenant` is null. Every tenant's is read through the (tenant, created_at) index, a
 * tenant at a time (TENANTS_CTE), so neither case scans the table nor needs an index of its own
 * on the jobs' write path.
 */
export function recentJobsCte(columns: string, scope: 'tenant' | 'all'): string {
  if (scope === 'tenant')
    return `recent AS (
      SELECT ${columns} FROM jobs j WHERE j.tenant = $2::text AND j.created_at >= $1::timestamptz)`;
  return `${TENANTS_CTE}, recent AS (
      SELECT ${columns} FROM tenants t
      JOIN jobs j ON j.tenant = t.tenant AND j.created_at >= $1::timestamptz
      WHERE $2::text IS NULL
    )`;
}
