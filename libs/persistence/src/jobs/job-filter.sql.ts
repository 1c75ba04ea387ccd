import { UUID_PATTERN } from '../shared/uuid';
import type { JobFilter } from './job-filter';
import { idPrefixRange } from './job-filter';

/**
 * The WHERE conditions of a filter, one tenant's jobs or (tenant null) every tenant's, with
 * their parameters appended to `params`; null when the filter can match nothing.
 */
export function jobFilterSql(
  tenant: string | null,
  filter: JobFilter,
  params: unknown[],
): string[] | null {
  const where: string[] = [];
  const add = (condition: (p: string) => string, value: unknown): void => {
    where.push(condition(`$${params.push(value)}`));
  };
  if (tenant !== null) add((p) => `tenant = ${p}::text`, tenant);
  if (filter.status !== undefined) add((p) => `status = ${p}::text`, filter.status);
  if (filter.statuses !== undefined) add((p) => `status = ANY(${p}::text[])`, filter.statuses);
  if (filter.type !== undefined) add((p) => `type = ${p}::text`, filter.type);
  if (filter.scheduleId !== undefined) {
    if (!UUID_PATTERN.test(filter.scheduleId)) return null;
    add((p) => `schedule_id = ${p}::uuid`, filter.scheduleId);
  }
  if (filter.idPrefix !== undefined) {
    const [low, high] = idPrefixRange(filter.idPrefix);
    add((p) => `id >= ${p}::uuid`, low);
    add((p) => `id <= ${p}::uuid`, high);
  }
  if (filter.ids !== undefined) {
    const ids = filter.ids.filter((id) => UUID_PATTERN.test(id));
    if (ids.length === 0) return null;
    add((p) => `id = ANY(${p}::uuid[])`, ids);
  }
  if (filter.createdAfter) add((p) => `created_at >= ${p}::timestamptz`, filter.createdAfter);
  if (filter.createdBefore) add((p) => `created_at < ${p}::timestamptz`, filter.createdBefore);
  return where;
}
