import { randomUUID } from 'node:crypto';
import { AmqpPartner } from './support/amqp-partner';
import type { JobBody } from './support/api-client';
import { partnerCommand } from './support/partner-command';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { AMQP_URL } from './support/test-environment';
import { waitFor } from './support/wait-for';

// Priorities end to end: a worker with two slots gets a backlog of normal system.ping jobs; a
// high one submitted behind them (over REST, and over AMQP by a partner in distributed mode)
// starts at the next free slot, before every normal job that was still waiting. The test prints
// who started when.

type Row = { job: string; priority: string; submittedAt: number; startedAt: number };
type Started = JobBody & { readonly priority: string; readonly startedAt: string | null };

const BACKLOG = 10;
const HOLD_MS = 600;
const ping = (priority?: string) => ({
  type: 'system.ping',
  input: { durationMs: HOLD_MS },
  ...(priority ? { priority } : {}),
});

describe(`priorities (${PLATFORM_MODE})`, () => {
  const user = AmqpPartner.newUserName();
  const tenantUsers = { AMQP_TENANT_USERS: `acme:${user}` };
  const platform = usePlatform({
    'detection-worker': { WORKER_CONCURRENCY: '2', ...tenantUsers },
    status: tenantUsers,
  });
  const partner = { current: undefined as AmqpPartner | undefined };

  beforeAll(async () => {
    if (PLATFORM_MODE !== 'distributed') return;
    partner.current = AmqpPartner.create(platform.env.topologyPrefix, user);
    await partner.current.connect(AMQP_URL, 'acme.system.ping.*');
  }, 30_000);

  afterAll(async () => {
    await partner.current?.dispose();
  });

  const job = async (id: string) => (await platform.api.job(id)) as Started;
  const startedAt = (j: Started) => Date.parse(j.startedAt ?? '') || Number.POSITIVE_INFINITY;

  it('starts a high job behind a backlog of normal ones before every normal job still waiting', async () => {
    const { api } = platform;
    const submitted = new Map<string, number>();
    const res = await api.request('POST', '/v1/jobs/batch', {
      jobs: Array.from({ length: BACKLOG }, () => ping()),
    });
    expect(res.status).toBe(202);
    const normals = ((await res.json()) as { jobs: JobBody[] }).jobs.map((j) => j.id);
    for (const id of normals) submitted.set(id, Date.now());
    await waitFor('two normal jobs running', async () => {
      const running = (await Promise.all(normals.map(job))).filter((j) => j.status !== 'QUEUED');
      return running.length >= 2 ? true : undefined;
    });

    const highAt = Date.now();
    const high = await api.request('POST', '/v1/jobs', ping('high'));
    expect(high.status).toBe(202);
    const highJob = (await high.json()) as Started;
    expect(highJob.priority).toBe('high');
    submitted.set(highJob.id, highAt);
    const fast = [highJob.id];
    if (partner.current) {
      const command = partnerCommand({ input: { durationMs: HOLD_MS }, priority: 'high' });
      submitted.set(command.subject, Date.now());
      await partner.current.publish(command, 'system.ping.high', `prio-${randomUUID()}`);
      fast.push(command.subject);
    }

    const all = [...normals, ...fast];
    const done = await Promise.all(all.map((id) => api.waitForTerminal(id, 60_000)));
    expect(done.map((j) => j.status)).toEqual(all.map(() => 'SUCCEEDED'));
    const jobs = await Promise.all(all.map(job));
    const rows: Row[] = jobs.map((j) => ({
      job: j.id.slice(0, 8),
      priority: j.priority,
      submittedAt: (submitted.get(j.id) ?? 0) - highAt,
      startedAt: startedAt(j) - highAt,
    }));
    rows.sort((a, b) => a.startedAt - b.startedAt);
    console.log(
      `who started when (ms from the high submission; 2 slots, ${HOLD_MS} ms a job):\n` +
        ['job       priority  submitted  started']
          .concat(
            rows.map(
              (r) =>
                `${r.job}  ${r.priority.padEnd(8)}  ${String(r.submittedAt).padStart(9)}  ${String(r.startedAt).padStart(7)}`,
            ),
          )
          .join('\n'),
    );

    expect(jobs.filter((j) => normals.includes(j.id)).map((j) => j.priority)).toEqual(
      normals.map(() => 'normal'),
    );
    const waiting = jobs.filter((j) => normals.includes(j.id) && startedAt(j) > highAt);
    expect(waiting.length).toBeGreaterThan(fast.length);
    for (const id of fast) {
      const fastJob = jobs.find((j) => j.id === id) as Started;
      expect(fastJob.priority).toBe('high');
      // Both slots free at once (same lengths): a normal job may start in the same millisecond.
      for (const normal of waiting)
        expect(startedAt(fastJob)).toBeLessThanOrEqual(startedAt(normal));
    }
  });

  (PLATFORM_MODE === 'distributed' ? it : it.skip)(
    'refuses a partner command whose routing key is another lane than its data.priority',
    async () => {
      const command = partnerCommand({ priority: 'low' });
      await partner.current?.publish(command, 'system.ping.high', `mismatch-${randomUUID()}`);
      const failed = await platform.api.waitForTerminal(command.subject, 30_000);
      expect(failed).toMatchObject({ status: 'FAILED', error: { code: 'PRIORITY_MISMATCH' } });
    },
  );
});
