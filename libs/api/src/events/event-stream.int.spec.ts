import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  type DataSource,
  type FeedInterest,
  JobEventFeedStore,
  openDatabase,
  type CommitSnapshot,
  type FeedRead,
  type TestDatabase,
} from '@jobmill/persistence';
import { EventFeedPoller } from './event-feed.poller';
import type { EventStreamConfig } from './event-stream.config';
import type { EventStream } from './event-stream';
import { EventStreams } from './event-streams';

const CONFIG: EventStreamConfig = {
  pollMs: 25,
  heartbeatMs: 60_000,
  // Long enough to see an event held; short enough that other databases' open transactions
  // on this shared server (they hold back the horizon too) cannot stall the tests.
  orderWaitMs: 2000,
  maxPendingBytes: 1024 * 1024,
};

/** The store, counting its polls. */
class CountingFeed extends JobEventFeedStore {
  polls = 0;
  override async since(since: CommitSnapshot | null, interest: FeedInterest): Promise<FeedRead> {
    this.polls += 1;
    return super.since(since, interest);
  }
}

/** What a client of the stream received. */
interface Client {
  readonly events: Array<{ id: string; name: string; jobId: string }>;
  ended: boolean;
}

function read(stream: EventStream): Client {
  const client: Client = { events: [], ended: false };
  let text = '';
  stream.body.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n')) {
      const data = /^data: (.*)$/m.exec(text.slice(0, end))?.[1];
      if (data) client.events.push(JSON.parse(data) as Client['events'][number]);
      text = text.slice(end + 2);
    }
  });
  stream.body.on('end', () => (client.ended = true));
  return client;
}

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const INSERT = `INSERT INTO job_events (id, job_id, tenant, name, attempt, data, occurred_at)
  VALUES ($1, $2, $3, $4, 1, '{}'::jsonb, $5)`;

describe('live event streams (one poller, commit order)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let feed: CountingFeed;
  let poller: EventFeedPoller;
  let streams: EventStreams;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openDatabase({ ...db.options, poolSize: 4 });
    feed = new CountingFeed(ds);
    poller = new EventFeedPoller(feed, CONFIG);
    streams = new EventStreams(feed, poller, CONFIG);
  });

  afterAll(async () => {
    poller.onModuleDestroy();
    await ds.destroy();
    await db.drop();
  });

  const job = async (tenant = 'acme', type = 'system.ping'): Promise<string> => {
    const id = randomUUID();
    await ds.query(`INSERT INTO jobs (id, tenant, type, status) VALUES ($1, $2, $3, 'QUEUED')`, [
      id,
      tenant,
      type,
    ]);
    return id;
  };
  const record = (jobId: string, name: string, at: string, tenant = 'acme') =>
    ds.query(INSERT, [randomUUID(), jobId, tenant, name, at]);

  it('delivers a transaction that commits late exactly once, in resumable order', async () => {
    const jobId = await job();
    const stream = await streams.ofJob('acme', jobId);
    expect(await stream.open()).toBe(true);
    const client = read(stream);
    const early = ds.createQueryRunner();
    const late = ds.createQueryRunner();
    await early.startTransaction();
    await late.startTransaction();
    // The earlier event's transaction writes first and commits last.
    await early.query(INSERT, ['evt-a', jobId, 'acme', 'queued', '2026-01-01T10:00:00Z']);
    await late.query(INSERT, ['evt-b', jobId, 'acme', 'started', '2026-01-01T10:00:01Z']);
    await late.commitTransaction();
    const polls = feed.polls;
    await until('three polls', () => feed.polls >= polls + 3);
    // evt-b is held: evt-a's transaction, older, may still commit before it in feed order.
    expect(client.events).toEqual([]);
    await early.commitTransaction();
    await Promise.all([early.release(), late.release()]);
    await until('both events', () => client.events.length >= 2);
    await record(jobId, 'succeeded', '2026-01-01T10:00:02Z');
    await until('the end of the stream', () => client.ended);
    expect(client.events.map((e) => e.id).slice(0, 2)).toEqual(['evt-a', 'evt-b']);
    expect(client.events.map((e) => e.name)).toEqual(['queued', 'started', 'succeeded']);
    await until('the poller to go idle', () => poller.size === 0 && !poller.active);
  });

  it('replays the history and resumes after Last-Event-ID without repeats', async () => {
    const jobId = await job();
    await record(jobId, 'queued', '2026-01-01T10:00:00Z');
    await record(jobId, 'started', '2026-01-01T10:00:01Z');
    const first = await streams.ofJob('acme', jobId);
    await first.open();
    const seen = read(first);
    await until('the history', () => seen.events.length === 2);
    first.body.destroy();
    await record(jobId, 'progress', '2026-01-01T10:00:02Z');
    const resumed = await streams.ofJob('acme', jobId, seen.events[1]?.id);
    await resumed.open();
    const client = read(resumed);
    await record(jobId, 'succeeded', '2026-01-01T10:00:03Z');
    await until('the end', () => client.ended);
    expect(client.events.map((e) => e.name)).toEqual(['progress', 'succeeded']);
    const last = client.events[1]?.id;
    expect(await (await streams.ofJob('acme', jobId, last)).open()).toBe(false);
    await expect(streams.ofJob('acme', jobId, 'no-such-event')).rejects.toMatchObject({
      code: 'UNKNOWN_LAST_EVENT_ID',
    });
  });

  it('ends a job stream after its terminal event though webhook entries follow it', async () => {
    const jobId = await job();
    await record(jobId, 'queued', '2026-01-01T10:00:00Z');
    await record(jobId, 'started', '2026-01-01T10:00:01Z');
    const live = await streams.ofJob('acme', jobId);
    await live.open();
    const client = read(live);
    await record(jobId, 'succeeded', '2026-01-01T10:00:02Z');
    await record(jobId, 'webhook.failed', '2026-01-01T10:00:03Z');
    await until('the end of the live stream', () => client.ended);
    const replayed = await streams.ofJob('acme', jobId);
    expect(await replayed.open()).toBe(true);
    const history = read(replayed);
    await until('the end of the replay', () => history.ended);
    expect(history.events.map((e) => e.name)).toEqual([
      'queued',
      'started',
      'succeeded',
      'webhook.failed',
    ]);
    const afterWebhook = history.events[3]?.id;
    expect(await (await streams.ofJob('acme', jobId, afterWebhook)).open()).toBe(false);
  });

  it('delivers an event once when both the replay and the first poll read it', async () => {
    // A poller that polls only when a stream subscribes: the event commits between two polls.
    // The stream lets held events go at its first live delivery: another test's transaction on
    // this server may hold the replay's horizon back, and the next poll is a minute away.
    const immediate = { ...CONFIG, pollMs: 60_000, orderWaitMs: 0 };
    const slow = new EventFeedPoller(feed, immediate);
    const both = new EventStreams(feed, slow, immediate);
    const watcher = await both.ofTenant('nobody', { jobType: null, names: null });
    await watcher.open();
    const jobId = await job();
    await record(jobId, 'queued', '2026-01-01T10:00:00Z');
    const stream = await both.ofJob('acme', jobId);
    await stream.open();
    const client = read(stream);
    await until('the event', () => client.events.length > 0);
    await record(jobId, 'started', '2026-01-01T10:00:01Z');
    watcher.body.destroy();
    stream.body.destroy();
    await until('the stream to close', () => slow.size === 0);
    expect(client.events.map((e) => e.name)).toEqual(['queued']);
    slow.onModuleDestroy();
  });

  it('frees everything when the client goes away', async () => {
    const stream = await streams.ofJob('acme', await job());
    await stream.open();
    expect(poller.size).toBe(1);
    stream.body.destroy();
    await until('the poller to go idle', () => poller.size === 0 && !poller.active);
  });

  it('serves many streams with one query a poll, and a tenant only its own events', async () => {
    const jobs = await Promise.all(Array.from({ length: 20 }, () => job()));
    const opened = await Promise.all(jobs.map((id) => streams.ofJob('acme', id)));
    await Promise.all(opened.map((s) => s.open()));
    const clients = opened.map(read);
    const tenantStream = await streams.ofTenant('acme', { jobType: null, names: ['succeeded'] });
    await tenantStream.open();
    const tenant = read(tenantStream);
    const other = await job('other');
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    for (const id of jobs)
      await runner.query(INSERT, [randomUUID(), id, 'acme', 'succeeded', '2026-01-01T10:00:00Z']);
    await runner.query(INSERT, [randomUUID(), other, 'other', 'succeeded', '2026-01-01T10:00:00Z']);
    // Counted from the commit: the polls while the 21 inserts run (every 25 ms) find nothing, and
    // on a busy machine there were 7 of them.
    const polls = feed.polls;
    await runner.commitTransaction();
    await runner.release();
    await until('every stream to end', () => clients.every((c) => c.ended));
    expect(feed.polls - polls).toBeLessThanOrEqual(3);
    await until('the tenant stream', () => tenant.events.length === 20);
    expect(new Set(tenant.events.map((e) => e.jobId))).toEqual(new Set(jobs));
    tenantStream.body.destroy();
    await until('the poller to go idle', () => poller.size === 0 && !poller.active);
  });
});
