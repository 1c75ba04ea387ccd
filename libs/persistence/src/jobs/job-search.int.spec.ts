import { runSql } from '../shared/run-sql';
import { useMigratedDatabase } from '../testing/migrated-database.fixture';
import { JobMatchStore } from './job-match.store';
import { JobStore } from './job.store';

// Ids chosen so that prefixes tell them apart.
const A1 = 'aaaa0000-0000-7000-8000-000000000001';
const A2 = 'aaaa1111-0000-7000-8000-000000000002';
const A3 = 'abcd0000-0000-7000-8000-000000000003';
const G1 = 'aaaa2222-0000-7000-8000-000000000004';

describe('job search and bulk matches', () => {
  const db = useMigratedDatabase();

  beforeAll(async () => {
    const jobs = new JobStore(db.ds);
    await jobs.insertAcceptedMany([
      { id: A1, tenant: 'acme', type: 'system.ping', input: {} },
      { id: A2, tenant: 'acme', type: 'detection.vad', input: {} },
      { id: A3, tenant: 'acme', type: 'system.ping', input: {} },
      { id: G1, tenant: 'globex', type: 'system.ping', input: {} },
    ]);
    const times: Array<[string, string, string]> = [
      [A1, '2026-01-01T10:00:00Z', 'FAILED'],
      [A2, '2026-01-01T11:00:00Z', 'QUEUED'],
      [A3, '2026-01-01T12:00:00Z', 'RUNNING'],
      [G1, '2026-01-01T11:30:00Z', 'FAILED'],
    ];
    for (const [id, created, status] of times)
      await runSql(db.ds, 'UPDATE jobs SET created_at = $2, status = $3 WHERE id = $1', [
        id,
        created,
        status,
      ]);
  });

  it("lists by id prefix, time range and status, one tenant's or every tenant's", async () => {
    const jobs = new JobStore(db.ds);
    const ids = async (tenant: string | null, query: Parameters<JobStore['list']>[1]) =>
      (await jobs.list(tenant, query)).items.map((j) => j.id);
    expect(await ids('acme', { limit: 10, idPrefix: 'aaaa' })).toEqual([A2, A1]);
    expect(await ids('acme', { limit: 10, idPrefix: 'AAAA-1111' })).toEqual([A2]);
    expect(await ids('acme', { limit: 10, idPrefix: A3 })).toEqual([A3]);
    expect(await ids(null, { limit: 10, idPrefix: 'aaaa' })).toEqual([G1, A2, A1]);
    expect(
      await ids('acme', {
        limit: 10,
        createdAfter: new Date('2026-01-01T10:00:00Z'),
        createdBefore: new Date('2026-01-01T12:00:00Z'),
      }),
    ).toEqual([A2, A1]);
    expect(await ids(null, { limit: 10, status: 'FAILED' })).toEqual([G1, A1]);
    expect(await ids('globex', { limit: 10, type: 'detection.vad' })).toEqual([]);
    // Pages across tenants keep their order.
    const first = await jobs.list(null, { limit: 2 });
    expect(first.items.map((j) => j.id)).toEqual([A3, G1]);
    const next = await jobs.list(null, { limit: 2, cursor: first.nextCursor ?? '' });
    expect(next.items.map((j) => j.id)).toEqual([A2, A1]);
  });

  it('matches what a bulk action is about, oldest first, up to a limit', async () => {
    const matches = new JobMatchStore(db.ds);
    const unfinished = ['PENDING', 'QUEUED', 'RUNNING', 'RETRYING'] as const;
    expect(await matches.match('acme', { statuses: unfinished }, 10)).toEqual([
      { id: A2, tenant: 'acme' },
      { id: A3, tenant: 'acme' },
    ]);
    expect(await matches.match(null, { statuses: ['FAILED'] }, 10)).toEqual([
      { id: A1, tenant: 'acme' },
      { id: G1, tenant: 'globex' },
    ]);
    expect(await matches.match('acme', { statuses: ['FAILED'], ids: [G1] }, 10)).toEqual([]);
    expect(await matches.match(null, { ids: [G1, A3] }, 10)).toHaveLength(2);
    expect(await matches.match(null, {}, 3)).toHaveLength(3);
    expect(await matches.match('acme', { statuses: [] }, 10)).toEqual([]);
    expect(
      await matches.match(
        'acme',
        { type: 'system.ping', createdAfter: new Date('2026-01-01T11:00:00Z') },
        10,
      ),
    ).toEqual([{ id: A3, tenant: 'acme' }]);
  });
});
