import type { ConsumeMessage } from 'amqplib';
import { AmqpPartner } from './support/amqp-partner';
import { ApiClient, type JobBody } from './support/api-client';
import { partnerCommand } from './support/partner-command';
import { usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY } from './support/platform-processes';
import { AMQP_URL } from './support/test-environment';
import { waitFor } from './support/wait-for';

// QUEUE_LIMITS and TENANT_LIMITS for commands a partner publishes straight onto the exchange:
// the status service turns away what is over a limit before any worker runs it. The job is
// FAILED with the code (retryable), the partner hears job.rejected on reply_to and job.failed
// by subscription, and the worker that reaches the refused message later runs nothing.

interface Envelope {
  readonly id: string;
  readonly type: string;
  readonly subject: string;
  readonly data: { readonly error?: { code: string; retryable: boolean; kind: string } };
}

const parse = (m: ConsumeMessage): Envelope => JSON.parse(m.content.toString()) as Envelope;
/** Every event a message carries: one, or a CloudEvents batch of them. */
const envelopesIn = (m: ConsumeMessage): Envelope[] => {
  const body = JSON.parse(m.content.toString()) as Envelope | Envelope[];
  return Array.isArray(body) ? body : [body];
};

describe('limits for commands published over AMQP (all four services as processes)', () => {
  const partner = { current: undefined as AmqpPartner | undefined };
  const user = AmqpPartner.newUserName();
  const tenantUsers = { AMQP_TENANT_USERS: `acme:${user},globex:${user}` };
  const limits = { QUEUE_LIMITS: 'system.ping:3', TENANT_LIMITS: 'globex:2:0' };
  const platform = usePlatform({
    api: limits,
    status: { ...tenantUsers, ...limits },
    'detection-worker': { ...tenantUsers, WORKER_CONCURRENCY: '1' },
  });

  const ping = (tenant: string, durationMs: number) =>
    partnerCommand({ tenant, input: { durationMs } });
  const publishAll = async (commands: ReturnType<typeof ping>[]): Promise<void> => {
    for (const c of commands) await partner.current?.publish(c, 'system.ping', c.subject);
  };
  const repliesTo = (subject: string) =>
    (partner.current?.replies ?? []).filter((m) => m.properties.correlationId === subject);
  const eventsOf = (subject: string) =>
    (partner.current?.events ?? []).flatMap(envelopesIn).filter((e) => e.subject === subject);

  beforeAll(async () => {
    partner.current = AmqpPartner.create(platform.env.topologyPrefix, user);
    await partner.current.connect(AMQP_URL, '*.system.ping.*');
  }, 30_000);

  afterAll(async () => {
    await partner.current?.dispose();
  });

  it('holds a tenant to its jobs per minute, job by job', async () => {
    const globex = new ApiClient(platform.api.baseUrl, OTHER_TENANT_KEY);
    // The count starts again each minute: keep the test inside one.
    await waitFor(
      'a fresh minute',
      async () => (new Date().getUTCSeconds() < 45 ? true : undefined),
      20_000,
    );
    // A job a worker claims before the status service judges its copy was accepted: the one
    // slot is taken first, so the judging never races an idle worker on a loaded machine.
    const blocker = ping('acme', 3_000);
    await publishAll([blocker]);
    await waitFor('the slot to be taken', async () =>
      (await platform.api.job(blocker.subject).catch(() => undefined))?.status === 'RUNNING'
        ? true
        : undefined,
    );
    // The backlog count is read at most once a second: the next one sees the blocker running.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const commands = [ping('globex', 0), ping('globex', 0), ping('globex', 0)];
    await publishAll(commands);
    const jobs = await Promise.all(commands.map((c) => globex.waitForTerminal(c.subject, 30_000)));
    const statuses = jobs.map((j) => j.status).sort();
    expect(statuses).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    const refused = jobs.find((j) => j.status === 'FAILED') as JobBody & {
      error: { code: string; retryable: boolean; message: string };
    };
    expect(refused.error).toMatchObject({ code: 'TENANT_RATE_LIMIT', retryable: true });
    expect(refused.error.message).toMatch(/may submit 2 jobs per minute/);
    const reply = await waitFor('the rejection', async () => repliesTo(refused.id)[0]);
    expect(parse(reply)).toMatchObject({
      type: 'io.jobmill.job.rejected.v1',
      data: { error: { code: 'TENANT_RATE_LIMIT' } },
    });
  });

  it('turns away commands past the backlog limit; the worker never runs them', async () => {
    const { api } = platform;
    // The backlog is read at most once a second: start from a fresh reading of an empty one.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // One runs (one slot); three may wait; the rest are over the limit.
    const commands = Array.from({ length: 8 }, () => ping('acme', 60_000));
    await publishAll(commands);

    // A command is judged when its copy is projected: each job exists at once in its state.
    const settled = await waitFor('every command judged', async () => {
      const jobs = await Promise.all(
        commands.map((c) => api.job(c.subject).catch(() => undefined)),
      );
      return jobs.every((j) => j !== undefined) ? jobs : undefined;
    });
    const refused = settled.filter((j) => j.status === 'FAILED');
    const accepted = settled.filter((j) => j.status !== 'FAILED');
    // Three admitted against an empty backlog, and at most one more once the running one left it.
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    expect(accepted.length).toBeLessThanOrEqual(4);
    expect(refused).toHaveLength(commands.length - accepted.length);
    for (const job of refused) {
      expect(job).toMatchObject({
        error: { code: 'QUEUE_FULL', retryable: true, kind: 'transient' },
      });
      const reply = await waitFor('the rejection', async () => repliesTo(job.id)[0]);
      expect(parse(reply)).toMatchObject({ type: 'io.jobmill.job.rejected.v1', subject: job.id });
      const failed = await waitFor('the failure event', async () => eventsOf(job.id)[0]);
      expect(failed).toMatchObject({
        type: 'io.jobmill.job.failed.v1',
        data: { error: { code: 'QUEUE_FULL' } },
      });
    }

    // Cancelled, the accepted ones free the slot: the worker reaches the refused messages, finds
    // them decided, republishes the same failure and runs nothing.
    await Promise.all(accepted.map((j) => api.request('POST', `/v1/jobs/${j.id}/cancel`)));
    for (const job of refused) {
      await waitFor(
        'the worker to reach it',
        async () => (eventsOf(job.id).length >= 2 ? true : undefined),
        30_000,
      );
      const ids = new Set(eventsOf(job.id).map((e) => e.id));
      expect(ids.size).toBe(1);
      expect((await api.events(job.id)).map((e) => e.name)).toEqual(['failed']);
      expect(repliesTo(job.id)).toHaveLength(1);
    }
  }, 90_000);
});
