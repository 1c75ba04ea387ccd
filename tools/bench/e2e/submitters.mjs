// The three ways a user hands jobs to the distributed platform, each as `submit(tenant, n)`
// resolving with the accepted job ids once the platform acknowledged them (202, or the broker's
// publisher confirm): bulk over REST, one job per REST request, one command per AMQP message.
import amqp from 'amqplib';
import { commandMessage } from './amqp-command.mjs';
import { jobInput } from './job-kinds.mjs';

/** POST /v1/jobs/batch: `n` jobs (at most MAX_BATCH_JOBS) in one request. */
export function restBulkSubmitter(client, kind) {
  return {
    name: 'bulk REST',
    maxChunk: 500,
    async submit(tenant, n) {
      const input = jobInput(kind, tenant);
      const jobs = Array.from({ length: n }, () => ({ type: kind.type, input }));
      const res = await client.post('/v1/jobs/batch', tenant.key, { jobs });
      return (res?.jobs ?? []).map((j) => j.id);
    },
  };
}

/** POST /v1/jobs: one job per request (the pacer runs many requests concurrently). */
export function restSingleSubmitter(client, kind) {
  return {
    name: 'REST one per request',
    maxChunk: 1,
    async submit(tenant, n) {
      const ids = [];
      for (let i = 0; i < n; i++) {
        const res = await client.post('/v1/jobs', tenant.key, {
          type: kind.type,
          input: jobInput(kind, tenant),
        });
        ids.push(res?.id);
      }
      return ids;
    },
  };
}

/** One persistent, mandatory command per message on `<prefix>jobs.commands`, confirmed. */
export async function amqpSubmitter(amqpUrl, prefix, kind) {
  const connection = await amqp.connect(amqpUrl);
  const channel = await connection.createConfirmChannel();
  let returned = 0;
  channel.on('return', () => (returned += 1));
  const exchange = `${prefix}jobs.commands`;
  const publishOne = (tenant) =>
    new Promise((resolve, reject) => {
      const m = commandMessage({
        jobType: kind.type,
        input: jobInput(kind, tenant),
        tenant: tenant.tenant,
      });
      channel.publish(exchange, m.routingKey, m.body, m.options, (err) =>
        err ? reject(err instanceof Error ? err : new Error('publish nacked')) : resolve(m.jobId),
      );
    });
  return {
    name: 'AMQP one per message',
    maxChunk: 500,
    /** Publishes `n` messages (each its own command) and waits for all their confirms. */
    submit: (tenant, n) => Promise.all(Array.from({ length: n }, () => publishOne(tenant))),
    returned: () => returned,
    close: () => connection.close(),
  };
}
