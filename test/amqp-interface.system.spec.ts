import { execFile, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import { AmqpPartner } from './support/amqp-partner';
import { usePlatform } from './support/platform-fixture';
import { OTHER_TENANT_KEY, TEST_API_KEY } from './support/platform-processes';
import { makeSpeechFixture } from './support/speech-fixture';
import { AMQP_URL } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { partnerCommand } from './support/partner-command';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..');
/** The Python example needs pika (Debian: python3-pika); CI does not require it. */
const python = ['/usr/bin/python3', 'python3'].find(
  (bin) => spawnSync(bin, ['-c', 'import pika']).status === 0,
);

// Another system on the same broker: its own AMQP user, mapped to tenant acme, publishes a
// command with nothing but amqplib and hears back by reply and by subscription; the job is
// an ordinary job over REST. The same user cannot act for another tenant.
describe('the AMQP interface end to end (all four services as processes)', () => {
  const partner = { current: undefined as AmqpPartner | undefined };
  // The services read AMQP_TENANT_USERS at start-up; the user is created once the prefix is known.
  const user = AmqpPartner.newUserName();
  const tenantUsers = { AMQP_TENANT_USERS: `acme:${user}` };
  const platform = usePlatform({ 'detection-worker': tenantUsers, status: tenantUsers });

  const commandFor = (tenant: string, uploadId: string) =>
    partnerCommand({ tenant, jobType: 'detection.vad', input: { uploadId } });
  const replyTo = (correlationId: string) =>
    waitFor(`the reply ${correlationId}`, async () =>
      partner.current?.replies.find((m) => m.properties.correlationId === correlationId),
    );
  const cli = (...args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', 'tools/cli/main.ts', ...args], {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        API_URL: platform.api.baseUrl,
        API_KEY: TEST_API_KEY,
      },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );

  beforeAll(async () => {
    partner.current = AmqpPartner.create(platform.env.topologyPrefix, user);
    await partner.current.connect(AMQP_URL, 'acme.detection.vad.*');
  }, 30_000);

  afterAll(async () => {
    await partner.current?.dispose();
  });

  it('runs a command published directly, visible over REST, answered by reply and subscription', async () => {
    const { api, env } = platform;
    const fixture = makeSpeechFixture(
      env.workDir,
      ['Published straight onto the broker.'],
      [0.5, 0.5],
    );
    const uploadId = await api.upload(fixture.file);
    const command = commandFor('acme', uploadId);
    await partner.current?.publish(command, 'detection.vad', 'req-1');

    const job = await api.waitForTerminal(command.subject);
    expect(job).toMatchObject({ id: command.subject, type: 'detection.vad', status: 'SUCCEEDED' });
    // Its history starts like any job's: QUEUED from the command itself, then the worker's events.
    const history = (await (
      await api.request('GET', `/v1/jobs/${command.subject}/events`)
    ).json()) as {
      events: { name: string }[];
    };
    expect(history.events.map((e) => e.name)).toEqual(['queued', 'started', 'succeeded']);
    const reply = JSON.parse((await replyTo('req-1')).content.toString()) as { type: string };
    expect(reply.type).toBe('io.jobmill.job.succeeded.v1');
    await waitFor('job.succeeded on the subscription', async () =>
      partner.current?.events.find((m) => m.fields.routingKey === 'acme.detection.vad.succeeded'),
    );
    const keys = partner.current?.events.map((m) => m.fields.routingKey) ?? [];
    expect(keys).toContain('acme.detection.vad.started');

    // The CLI sees the same job.
    const status = await cli('status', command.subject);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ id: command.subject, status: 'SUCCEEDED' });
  });

  it('refuses a command for a tenant the AMQP user does not belong to: no job, a rejection', async () => {
    const { api } = platform;
    const forged = commandFor('globex', randomUUID());
    await partner.current?.publish(forged, 'detection.vad', 'req-forged');
    const reply = JSON.parse((await replyTo('req-forged')).content.toString()) as {
      type: string;
      data: { error: { code: string } };
    };
    expect(reply.type).toBe('io.jobmill.job.rejected.v1');
    expect(reply.data.error.code).toBe('TENANT_FORBIDDEN');
    // Both the worker and the status service refused it (two dead-letter copies), so it is no job.
    const connection = await amqp.connect(AMQP_URL);
    try {
      const channel = await connection.createChannel();
      const codes: string[] = [];
      await waitFor('both dead-letter copies', async () => {
        const got = await channel.get(`${platform.env.topologyPrefix}jobs.dead-letter.kept`, {
          noAck: true,
        });
        if (got && got.properties.messageId === forged.id)
          codes.push(String(got.properties.headers?.['x-jobmill-code']));
        return codes.length === 2 ? codes : undefined;
      });
      expect(codes).toEqual(['TENANT_FORBIDDEN', 'TENANT_FORBIDDEN']);
    } finally {
      await connection.close();
    }
    const asGlobex = await fetch(`${api.baseUrl}/v1/jobs/${forged.subject}`, {
      headers: { authorization: `Bearer ${OTHER_TENANT_KEY}` },
    });
    expect(asGlobex.status).toBe(404);
  });

  const runExample = async (command: string, args: string[]) => {
    const { api, env } = platform;
    const fixture = makeSpeechFixture(env.workDir, ['An example client.'], [0.3, 0.3]);
    const uploadId = await api.upload(fixture.file);
    return run(command, args, {
      cwd: root,
      env: {
        PATH: process.env['PATH'] ?? '',
        AMQP_URL: partner.current?.urlFor(AMQP_URL) ?? '',
        TOPOLOGY_PREFIX: env.topologyPrefix,
        TENANT: 'acme',
        UPLOAD_ID: uploadId,
        TIMEOUT_MS: '60000',
        TIMEOUT_S: '60',
      },
    });
  };

  it('runs the TypeScript example client (publish, subscribe, request/reply)', async () => {
    const example = ['-r', '@swc-node/register', 'examples/typescript/amqp-client.ts'];
    const { stdout } = await runExample(process.execPath, example);
    expect(stdout).toMatch(/reply {2}io\.jobmill\.job\.succeeded\.v1/);
    expect(stdout).toMatch(/"speechRatio"/);
  });

  (python ? it : it.skip)(
    'runs the Python (pika) example client when pika is installed',
    async () => {
      const { stdout } = await runExample(python ?? 'python3', ['examples/python/amqp_client.py']);
      expect(stdout).toMatch(/reply {2}io\.jobmill\.job\.succeeded\.v1/);
    },
  );

  it('serves the AsyncAPI document with this deployment’s names, without a key', async () => {
    const res = await fetch(`${platform.api.baseUrl}/asyncapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { asyncapi: string; channels: Record<string, unknown> };
    expect(doc.asyncapi).toBe('3.0.0');
    expect(JSON.stringify(doc.channels)).toContain(`${platform.env.topologyPrefix}jobs.commands`);
  });

  it('submits, watches and cancels from the CLI', async () => {
    const { api, env } = platform;
    const fixture = makeSpeechFixture(env.workDir, ['From the command line.'], [0.3, 0.3]);
    const submitted = await cli('submit', 'detection.vad', '--file', fixture.file, '--wait');
    expect(submitted.stderr).toBe('');
    expect(submitted.code).toBe(0);
    expect(submitted.stdout).toMatch(/SUCCEEDED 100% attempt 1/);
    const job = JSON.parse(submitted.stdout.slice(submitted.stdout.indexOf('{'))) as { id: string };
    expect((await api.job(job.id)).status).toBe('SUCCEEDED');
    const missing = await cli('cancel', randomUUID());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/HTTP 404/);
  });
});
