import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { JobEventFeedStore } from './job-event-feed.store';

const INSERT = `INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
  VALUES ($1, $2, $3, $4, 1, '{}'::jsonb, $5)`;

describe('JobEventFeedStore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let feed: JobEventFeedStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase(db.options);
    feed = new JobEventFeedStore(ds);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const job = async (tenant: string, type: string): Promise<string> => {
    const id = randomUUID();
    await ds.query(`INSERT INTO jobs (id, tenant, type, status) VALUES ($1, $2, $3, 'QUEUED')`, [
      id,
      tenant,
      type,
    ]);
    return id;
  };
  const record = (id: string, jobId: string, tenant: string, name: string, at: string) =>
    ds.query(INSERT, [id, jobId, tenant, name, at]);

  it('reads what committed since a snapshot, whatever its time, once', async () => {
    const jobId = await job('acme', 'system.ping');
    const base = await feed.since(null, { jobIds: [jobId], tenants: [] });
    expect(base.events).toEqual([]);
    // Recorded later, dated earlier: a cursor on time would skip it.
    await record('s-1', jobId, 'acme', 'started', '2020-01-01T00:00:00Z');
    const next = await feed.since(base.snapshot, { jobIds: [jobId], tenants: [] });
    expect(next.events.map((e) => [e.id, e.jobType, e.tenant])).toEqual([
      ['s-1', 'system.ping', 'acme'],
    ]);
    expect(next.events[0]?.tx).toEqual(expect.any(BigInt));
    const again = await feed.since(next.snapshot, { jobIds: [jobId], tenants: ['acme'] });
    expect(again.events).toEqual([]);
    const others = await feed.since(base.snapshot, { jobIds: [], tenants: ['other'] });
    expect(others.events).toEqual([]);
  });

  it("reads a job's history in commit order, and where an event stands", async () => {
    const jobId = await job('acme', 'system.ping');
    await record('h-2', jobId, 'acme', 'started', '2026-01-01T00:00:01Z');
    await record('h-1', jobId, 'acme', 'queued', '2026-01-01T00:00:00Z');
    const { events } = await feed.job('acme', jobId);
    expect(events.map((e) => e.id)).toEqual(['h-2', 'h-1']);
    expect((await feed.job('other', jobId)).events).toEqual([]);
    expect(await feed.positionOf('acme', 'h-1')).toMatchObject({ jobId, name: 'queued' });
    expect(await feed.positionOf('other', 'h-1')).toBeNull();
  });

  it("keeps a job's life in order for events one transaction recorded in the same millisecond", async () => {
    const jobId = await job('life', 'pipeline');
    // As a pipeline's triggers write them: one statement, one millisecond, ids in no order.
    await ds.query(
      `INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
       SELECT id, $1, 'life', name, 1, '{}'::jsonb, '2026-01-01T00:00:00Z'
       FROM unnest(ARRAY['l-a', 'l-b', 'l-c'], ARRAY['progress', 'started', 'queued'])
         AS t(id, name)`,
      [jobId],
    );
    const names = (await feed.job('life', jobId)).events.map((e) => e.name);
    expect(names).toEqual(['queued', 'started', 'progress']);
    // Paging resumes after a position in the same order.
    const all = { jobType: null, names: null };
    const seen: string[] = [];
    let after = null;
    for (let page = 0; page < 4; page += 1) {
      const read = await feed.tenantPage('life', all, { after, snapshot: null, limit: 1 });
      seen.push(...read.events.map((e) => e.name));
      after = read.events[0] ?? after;
    }
    expect(seen).toEqual(['queued', 'started', 'progress']);
    const position = await feed.positionOf('life', 'l-b');
    expect(position).toMatchObject({ name: 'started', attempt: 1 });
  });

  it("pages a tenant's events after a position, as one snapshot saw them, filtered", async () => {
    const ping = await job('paged', 'system.ping');
    const vad = await job('paged', 'detection.vad');
    for (let i = 0; i < 5; i += 1) {
      await record(
        `p-${i}`,
        i % 2 ? vad : ping,
        'paged',
        i === 4 ? 'failed' : 'progress',
        '2026-01-01T00:00:00Z',
      );
    }
    const all = { jobType: null, names: null };
    const first = await feed.tenantPage('paged', all, { after: null, snapshot: null, limit: 2 });
    expect(first.events.map((e) => e.id)).toEqual(['p-0', 'p-1']);
    await record('p-late', ping, 'paged', 'progress', '2026-01-01T00:00:00Z');
    const rest = await feed.tenantPage('paged', all, {
      after: first.events[1] ?? null,
      snapshot: first.snapshot,
      limit: 10,
    });
    // p-late committed after the first page's snapshot: a live stream gets it, not the replay.
    expect(rest.events.map((e) => e.id)).toEqual(['p-2', 'p-3', 'p-4']);
    const filtered = await feed.tenantPage(
      'paged',
      { jobType: 'system.ping', names: ['failed'] },
      { after: null, snapshot: null, limit: 10 },
    );
    expect(filtered.events.map((e) => e.id)).toEqual(['p-4']);
  });
});
