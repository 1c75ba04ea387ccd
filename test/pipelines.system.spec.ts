import { execFile } from 'node:child_process';
import { rename } from 'node:fs/promises';
import { ApiClient, type JobBody } from './support/api-client';
import { blobPath } from './support/blob-path';
import { startEmbedded } from './support/embedded-process';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import {
  exitOf,
  OTHER_TENANT_KEY,
  SERVICES,
  startPlatform,
  TEST_API_KEY,
  type RunningService,
  type ServiceName,
} from './support/platform-processes';
import { makeSpeechFixture } from './support/speech-fixture';
import { openEventStream } from './support/sse-client';
import type { EmbeddedEnvironment, TestEnvironment } from './support/test-environment';
import { waitFor, withDeadline } from './support/wait-for';
import { WebhookReceiver } from './support/webhook-receiver';
import { zipEntries } from './support/zip-entries';

interface Step {
  step: number;
  type: string;
  jobId: string;
  status: string;
  attempt: number;
}
type Pipeline = JobBody & { steps: Step[]; expiresAt: string | null };

const SECRET = 'pipeline-webhook-secret-0123456789';
// A slow dispatcher, so that a step's successor is seen waiting before it is published (the
// restart test kills everything in that gap); every handover takes up to this long.
const SETTINGS = {
  DISPATCH_INTERVAL_MS: '1500',
  WEBHOOK_SECRETS: `acme:${SECRET}`,
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
  WEBHOOK_POLL_MS: '100',
};

describe(`pipelines: then, one id to poll (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({ api: SETTINGS, status: SETTINGS });
  const receiver = new WebhookReceiver();

  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());

  const pipeline = async (id: string) => (await platform.api.job(id)) as Pipeline;
  const submit = async (body: Record<string, unknown>): Promise<Pipeline> => {
    const res = await platform.api.request('POST', '/v1/jobs', body);
    if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Pipeline;
  };
  const speech = () =>
    makeSpeechFixture(
      platform.env.workDir,
      ['Cut this sentence out, please.', 'And this one as well.'],
      [1.0, 1.5, 0.8],
    );

  it('runs detection.vad then processing.clips under one id, ending with a ZIP of the speech', async () => {
    const { api } = platform;
    const uploadId = await api.upload(speech().file);
    const accepted = await submit({
      type: 'detection.vad',
      input: { uploadId },
      then: [{ type: 'processing.clips', input: { options: { paddingMs: 100 } } }],
      retention: '1h',
    });
    expect(accepted).toMatchObject({ type: 'pipeline', status: 'QUEUED', input: { uploadId } });
    expect(accepted.steps.map((s) => [s.step, s.type, s.status])).toEqual([
      [1, 'detection.vad', 'QUEUED'],
      [2, 'processing.clips', 'PENDING'],
    ]);
    const stream = await openEventStream(
      `${api.baseUrl}/v1/jobs/${accepted.id}/events`,
      TEST_API_KEY,
    );

    const done = (await api.waitForTerminal(accepted.id, 90_000)) as Pipeline;
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps.map((s) => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const [vad, clips] = done.steps as [Step, Step];
    const clipsJob = (await api.job(clips.jobId)) as JobBody & {
      input: Record<string, unknown>;
      pipeline: { id: string; step: number };
    };
    // The second step got the detection's segments and the upload, with its own options.
    const detection = await api.job(vad.jobId);
    expect(clipsJob.input).toEqual({
      uploadId,
      segments: (detection.result as { segments: unknown[] }).segments,
      options: { paddingMs: 100 },
    });
    expect(clipsJob.pipeline).toEqual({ id: done.id, step: 2 });
    // The pipeline's result and output are its last step's.
    expect(done.result).toEqual(clipsJob.result);
    const download = await api.request('GET', `/v1/jobs/${done.id}/output`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const entries = await zipEntries(Buffer.from(await download.arrayBuffer()));
    expect([...entries.keys()]).toEqual(['manifest.json', 'clip-0001.wav', 'clip-0002.wav']);

    // Live: the parent's stream shows the steps moving and ends with its terminal state.
    const history = (await api.events(done.id)).map((e) => e.name);
    await withDeadline(
      stream.done,
      `the pipeline's stream to end (history ${history.join(', ')}; streamed ${stream.events.map((e) => e.event).join(', ')})`,
      15_000,
    );
    const names = stream.events.map((e) => e.event);
    expect(names[0]).toBe('started');
    expect(names.at(-1)).toBe('succeeded');
    expect(names).toContain('progress');
    // Another tenant sees none of it.
    const other = new ApiClient(api.baseUrl, OTHER_TENANT_KEY);
    for (const id of [done.id, clips.jobId])
      expect((await other.request('GET', `/v1/jobs/${id}`)).status).toBe(404);
    expect((await other.request('POST', `/v1/jobs/${done.id}/retry`)).status).toBe(404);
  });

  it("delivers one webhook, for the pipeline's terminal state, and none for its steps", async () => {
    const accepted = await submit({
      type: 'system.ping',
      input: {},
      then: [{ type: 'system.ping' }],
      callbackUrl: receiver.url('/pipeline'),
    });
    const done = await platform.api.waitForTerminal(accepted.id, 60_000);
    expect(done.status).toBe('SUCCEEDED');
    await waitFor('the webhook', async () =>
      receiver.at('/pipeline').length > 0 ? true : undefined,
    );
    const [hit] = receiver.at('/pipeline');
    expect(hit?.headers['jobmill-event']).toBe('job.succeeded');
    const body = JSON.parse(hit?.body ?? '{}') as Pipeline;
    expect(body).toMatchObject({ id: done.id, type: 'pipeline', status: 'SUCCEEDED' });
    expect(body.steps.map((s) => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    // The steps carry no callbackUrl, so nothing can be scheduled for them.
    for (const step of body.steps) {
      const job = (await platform.api.job(step.jobId)) as JobBody & { callbackUrl: string | null };
      expect(job.callbackUrl).toBeNull();
      expect((await platform.api.events(step.jobId)).map((e) => e.name)).not.toContain(
        'webhook.delivered',
      );
    }
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses a step that cannot follow the one before it, and a pipeline in a batch; records nothing', async () => {
    const { api } = platform;
    const uploadId = await api.upload(speech().file);
    const refused = async (body: unknown, path = '/v1/jobs') => {
      const res = await api.request('POST', path, body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      return (await res.json()) as { code: string; detail: string; errors: { path: string }[] };
    };
    const backwards = await refused({
      type: 'processing.clips',
      input: { uploadId, segments: [{ start: 0, end: 1 }] },
      then: [{ type: 'detection.vad' }],
    });
    expect(backwards.code).toBe('PIPELINE_STEP_INCOMPATIBLE');
    expect(backwards.errors.map((e) => e.path)).toEqual(['/then/0/type']);
    expect(backwards.detail).toMatch(/detection\.vad step cannot follow processing\.clips/);

    const fedTwice = await refused({
      type: 'detection.vad',
      input: { uploadId },
      then: [{ type: 'processing.clips', input: { segments: [] } }],
    });
    expect([fedTwice.code, fedTwice.errors[0]?.path]).toEqual([
      'INVALID_DATA',
      '/then/0/input/segments',
    ]);
    const batch = await refused(
      { jobs: [{ type: 'system.ping', input: {}, then: [{ type: 'system.ping' }] }] },
      '/v1/jobs/batch',
    );
    expect([batch.code, batch.errors[0]?.path]).toEqual(['PIPELINE_IN_BATCH', '/jobs/0/then']);
    const listed = await api.request('GET', '/v1/jobs?type=processing.clips&limit=100');
    const items = ((await listed.json()) as { items: { input: { uploadId?: string } }[] }).items;
    expect(items.filter((j) => j.input?.uploadId === uploadId)).toEqual([]);
  });

  it('documents then, the steps and the refusal in OpenAPI, and the pipelines in AsyncAPI', async () => {
    const doc = (await (await fetch(`${platform.api.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const job = doc.components.schemas['Job']?.properties;
    expect(job).toHaveProperty('steps');
    expect(job).toHaveProperty('pipeline');
    const submit = JSON.stringify(doc.paths['/v1/jobs']?.['post']);
    expect(submit).toContain('"then"');
    expect(submit).toContain('PIPELINE_STEP_INCOMPATIBLE');
    const asyncapi = await (await fetch(`${platform.api.baseUrl}/asyncapi.json`)).text();
    expect(asyncapi).toContain('A pipeline (`then`');
  });

  it('fails naming the failed step, and a retry of the pipeline resumes from that step', async () => {
    const { api, env } = platform;
    const uploadId = await api.upload(speech().file);
    // The audio goes missing before the detection reads it; it is put back before the retry.
    const blob = await blobPath(env.blobDir, uploadId);
    await rename(blob, `${blob}.away`);
    const accepted = await submit({
      type: 'detection.vad',
      input: { uploadId },
      then: [{ type: 'processing.clips' }],
      maxAttempts: 1,
    });
    const failed = (await api.waitForTerminal(accepted.id, 60_000)) as Pipeline;
    expect(failed.status).toBe('FAILED');
    expect(failed.error?.code).toBe('PIPELINE_STEP_FAILED');
    expect(failed.error?.message).toContain(
      `Step 1 of 2 (detection.vad, job ${failed.steps[0]?.jobId}) failed`,
    );
    expect(failed.steps.map((s) => s.status)).toEqual(['FAILED', 'PENDING']);
    expect((await api.events(failed.id)).at(-1)?.name).toBe('failed');

    await rename(`${blob}.away`, blob);
    const retried = await api.request('POST', `/v1/jobs/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    expect(((await retried.json()) as Pipeline).attempt).toBe(2);
    const done = (await api.waitForTerminal(failed.id, 90_000)) as Pipeline;
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempt: 2, error: null });
    expect(done.steps.map((s) => [s.status, s.attempt])).toEqual([
      ['SUCCEEDED', 2],
      ['SUCCEEDED', 1],
    ]);
    // A pipeline that has not failed is not retried.
    const again = await api.request('POST', `/v1/jobs/${done.id}/retry`);
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([
      409,
      'JOB_NOT_FAILED',
    ]);
  });

  it('cancels the step under way and the steps after it, which never start', async () => {
    const { api } = platform;
    const accepted = await submit({
      type: 'system.ping',
      input: { durationMs: 60_000 },
      then: [{ type: 'system.ping' }, { type: 'system.ping' }],
    });
    await waitFor('the first step to run', async () =>
      (await pipeline(accepted.id)).status === 'RUNNING' ? true : undefined,
    );
    const res = await api.request('POST', `/v1/jobs/${accepted.id}/cancel`);
    expect(res.status).toBe(202);
    const cancelled = (await res.json()) as Pipeline;
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.steps.map((s) => s.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    const [first, ...later] = cancelled.steps as [Step, ...Step[]];
    // The running step's work ended (its job.cancelled is announced by its worker).
    await waitFor('the first step to announce its cancellation', async () =>
      (await api.events(first.jobId)).some((e) => e.name === 'cancelled') ? true : undefined,
    );
    for (const step of later)
      expect((await api.events(step.jobId)).map((e) => e.name)).toEqual(['cancelled']);
    const again = await api.request('POST', `/v1/jobs/${accepted.id}/cancel`);
    expect([again.status, ((await again.json()) as { code: string }).code]).toEqual([
      409,
      'JOB_FINISHED',
    ]);
  });

  it('submits a pipeline from the CLI and follows it to its end', async () => {
    const output = await new Promise<{ code: number; text: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          'tools/cli/main.ts',
          'submit',
          'system.ping',
          '--then',
          'system.ping={"durationMs":10}',
          '--wait',
        ],
        { env: { ...process.env, API_URL: platform.api.baseUrl, API_KEY: TEST_API_KEY } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, text: stdout + stderr }),
      );
    });
    expect(output.code).toBe(0);
    expect(output.text).toMatch(/step 2\/2 system\.ping/);
    expect(output.text).toContain('"type": "pipeline"');
  });

  it('completes a pipeline when every service is killed between its steps', async () => {
    const accepted = await submit({
      type: 'system.ping',
      input: { durationMs: 500 },
      then: [{ type: 'system.ping', input: { durationMs: 10 } }],
    });
    const between = await waitFor(
      'the first step to succeed',
      async () => {
        const p = await pipeline(accepted.id);
        return p.steps[0]?.status === 'SUCCEEDED' ? p : undefined;
      },
      30_000,
      50,
    );
    const alive = [...new Set(Object.values(platform.services))];
    for (const s of alive) s.process.kill('SIGKILL');
    await Promise.all(alive.map((s) => exitOf(s)));
    console.log(`[pipelines] killed with the second step ${between.steps[1]?.status}`);

    await restart();
    const done = (await platform.api.waitForTerminal(accepted.id, 60_000)) as Pipeline;
    expect(done.status).toBe('SUCCEEDED');
    expect(done.steps.map((s) => s.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(
      (await platform.api.events(done.steps[1]?.jobId ?? '')).filter((e) => e.name === 'started'),
    ).toHaveLength(1);
  });

  /** Starts every service again on the same database, broker prefix and blobs. */
  async function restart(): Promise<void> {
    const extras = { api: SETTINGS, status: SETTINGS };
    if (PLATFORM_MODE === 'embedded') {
      const one = await startEmbedded(platform.env as EmbeddedEnvironment, SETTINGS);
      platform.services = Object.fromEntries(SERVICES.map((n) => [n, one])) as Record<
        ServiceName,
        RunningService
      >;
    } else {
      platform.services = await startPlatform(platform.env as TestEnvironment, extras);
    }
    platform.api = new ApiClient(`http://127.0.0.1:${platform.services.api.port}`, TEST_API_KEY);
  }
});
