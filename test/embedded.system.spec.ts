import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import type { ApiClient, JobBody } from './support/api-client';
import { apiOf, CLOSED_AMQP_URL, spawnEmbedded, startEmbedded } from './support/embedded-process';
import { ledgerOf } from './support/ledger';
import { exitOf, stopService, type RunningService } from './support/platform-processes';
import { makeLongNoise, makeSpeechFixture, type SpeechFixture } from './support/speech-fixture';
import { createEmbeddedEnvironment, type EmbeddedEnvironment } from './support/test-environment';
import { waitFor, withDeadline } from './support/wait-for';

/** A short drain, so a SIGTERM with a job running ends quickly; the whole stop within 20 s. */
const SETTINGS = {
  SHUTDOWN_GRACE_MS: '1000',
  SHUTDOWN_TIMEOUT_MS: '20000',
  WORKER_CONCURRENCY: '2',
};

/** Whether something accepts connections on 127.0.0.1:`port`. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** The lines of a log that match, so a failed expectation shows those and not the whole log. */
const linesOf = (log: string, pattern: RegExp) => log.split('\n').filter((l) => pattern.test(l));

const isAlive = (s: RunningService) => s.process.exitCode === null && s.process.signalCode === null;

describe('embedded mode: one process, nothing installed, data in DATA_DIR', () => {
  let env: EmbeddedEnvironment;
  let speech: SpeechFixture;
  let current: RunningService | undefined;
  const started: RunningService[] = [];
  let longUploadId: string | undefined;

  const start = async () => {
    const at = Date.now();
    current = await startEmbedded(env, SETTINGS);
    started.push(current);
    console.log(`[embedded] ready ${Date.now() - at} ms after spawn`);
    return current;
  };
  /** The running process, started again if an earlier test left none. */
  const serving = async () => (current && isAlive(current) ? current : start());
  const logOf = (s: RunningService) => readFile(s.logFile, 'utf8');
  /** 240 s of 48 kHz stereo noise: a few seconds of normalisation here, uploaded once. */
  const longUpload = async (api: ApiClient) =>
    (longUploadId ??= await api.upload(makeLongNoise(env.workDir)));
  const startedCount = async (api: ApiClient, id: string) =>
    (await api.events(id)).filter((e) => e.name === 'started').length;

  beforeAll(async () => {
    env = await createEmbeddedEnvironment();
    speech = makeSpeechFixture(
      env.workDir,
      ['Embedded mode needs nothing installed.', 'One process runs it all.'],
      [0.8, 1.2, 0.8],
    );
  });

  afterAll(async () => {
    await Promise.all(started.filter(isAlive).map((s) => stopService(s)));
    await env?.dispose();
  }, 60_000);

  it('runs a detection job end to end with RabbitMQ unreachable and no DATABASE_URL', async () => {
    expect(await listening(Number(new URL(CLOSED_AMQP_URL).port))).toBe(false);
    const app = await start();
    const api = apiOf(app);

    const ready = await fetch(`${api.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);
    const metrics = await fetch(`${api.baseUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^jobmill_\w+/m);

    const uploadId = await api.upload(speech.file);
    const accepted = await api.request('POST', '/v1/jobs', {
      type: 'detection.vad',
      input: { uploadId },
    });
    expect(accepted.status).toBe(202);
    const job = await api.waitForTerminal(((await accepted.json()) as JobBody).id);
    expect(job.status).toBe('SUCCEEDED');
    expect((job.result as { segments: unknown[] }).segments).toHaveLength(speech.speech.length);

    // Everything it keeps is in DATA_DIR: the database and, by default, the blobs.
    expect(existsSync(path.join(env.dataDir, 'postgres'))).toBe(true);
    expect(await readdir(env.blobDir, { recursive: true })).not.toHaveLength(0);
    expect(linesOf(await logOf(app), /ECONNREFUSED|127\.0\.0\.1:1\b/)).toEqual([]);
  });

  it('refuses a second process on the same DATA_DIR, naming it and the holder, and keeps serving', async () => {
    const first = await serving();
    const second = await spawnEmbedded(env, SETTINGS);
    started.push(second);
    const code = await withDeadline(exitOf(second), 'the second process to exit', 60_000);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    const [refusal] = linesOf(await logOf(second), /could not start/);
    expect(refusal).toContain(path.join(env.dataDir, 'postgres'));
    expect(refusal).toContain(`process ${first.process.pid}`);

    expect(isAlive(first)).toBe(true);
    const api = apiOf(first);
    expect((await fetch(`${api.baseUrl}/health/ready`)).status).toBe(200);
    const job = await api.waitForTerminal(
      (await api.submit('detection.vad', { uploadId: await api.upload(speech.file) })).id,
    );
    expect(job.status).toBe('SUCCEEDED');
  });

  it('keeps jobs, their history and results, and uploads across a clean restart', async () => {
    const app = await serving();
    const api = apiOf(app);
    const uploadId = await api.upload(speech.file);
    const ids = [
      (await api.submit('detection.vad', { uploadId })).id,
      (await api.submit('processing.normalize', { uploadId })).id,
    ];
    const before = await Promise.all(ids.map((id) => api.waitForTerminal(id)));
    expect(before.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    const histories = await Promise.all(ids.map((id) => api.events(id)));
    const output = async (a: ApiClient) => {
      const res = await a.request('GET', `/v1/jobs/${ids[1]}/output`);
      expect(res.status).toBe(200);
      return Buffer.from(await res.arrayBuffer());
    };
    const outputBefore = await output(api);

    const termAt = Date.now();
    expect(await stopService(app, 30_000)).toBe(0);
    const stopMs = Date.now() - termAt;
    expect(stopMs).toBeLessThan(20_000);

    const again = apiOf(await start());
    expect(await Promise.all(ids.map((id) => again.job(id)))).toEqual(before);
    expect(await Promise.all(ids.map((id) => again.events(id)))).toEqual(histories);
    const listed = (await (await again.request('GET', '/v1/jobs?limit=100')).json()) as {
      items: Array<{ id: string }>;
    };
    expect(listed.items.map((j) => j.id)).toEqual(expect.arrayContaining(ids));
    expect((await output(again)).equals(outputBefore)).toBe(true);

    // The upload from before the restart still feeds a new job, with the same result.
    const rerun = await again.waitForTerminal(
      (await again.submit('detection.vad', { uploadId })).id,
    );
    expect(rerun.status).toBe('SUCCEEDED');
    expect(rerun.result).toEqual(before[0]?.result);
    // A clean stop released the data folder: nothing to take over, nothing left unfinished.
    expect(linesOf(await logOf(current as RunningService), /Took over|Picked up/)).toEqual([]);
    console.log(`[embedded] clean stop with nothing running took ${stopMs} ms`);
  });

  it('loses no job that runs at a clean SIGTERM: finished before exit or picked up after', async () => {
    const app = await serving();
    const api = apiOf(app);
    const job = await api.submit('processing.normalize', { uploadId: await longUpload(api) });
    await waitFor('the job to run', async () =>
      (await startedCount(api, job.id)) === 1 ? true : undefined,
    );

    const termAt = Date.now();
    expect(await stopService(app, 30_000)).toBe(0);
    const stopMs = Date.now() - termAt;
    expect(stopMs).toBeLessThan(20_000);

    const again = apiOf(await start());
    const done = await again.waitForTerminal(job.id, 120_000);
    expect(done.status).toBe('SUCCEEDED');
    const ledger = await ledgerOf(again, [job.id], 'embedded-sigterm');
    expect(ledger).toMatchObject({ lost: 0, duplicated: 0, startedThenTerminal: 1 });
    const path_ = ledger.restarted === 1 ? 'picked up after the restart' : 'finished before exit';
    console.log(`[embedded] SIGTERM with a job running: exit 0 in ${stopMs} ms; job ${path_}`);
  });

  it('finishes every job in flight at a SIGKILL after a restart, each with one outcome', async () => {
    const app = await serving();
    const api = apiOf(app);
    const uploadId = await longUpload(api);
    const batch = await api.request('POST', '/v1/jobs/batch', {
      jobs: [
        ...Array.from({ length: 4 }, () => ({ type: 'processing.normalize', input: { uploadId } })),
        ...Array.from({ length: 2 }, () => ({ type: 'detection.vad', input: { uploadId } })),
      ],
    });
    expect(batch.status).toBe(202);
    const ids = ((await batch.json()) as { jobs: JobBody[] }).jobs.map((j) => j.id);
    await waitFor(
      'a job to be running',
      async () => ((await api.job(ids[0] as string)).status === 'RUNNING' ? true : undefined),
      30_000,
    );
    const atKill = await ledgerOf(api, ids, 'embedded-crash, at the kill');
    expect(atKill.lost).toBeGreaterThan(0);

    app.process.kill('SIGKILL');
    const killedAt = Date.now();
    await exitOf(app);
    const restarted = await start();
    const readyMs = Date.now() - killedAt;
    const again = apiOf(restarted);
    // What the dead process had started shows as not started (or started anew), from 0 %.
    for (const job of await Promise.all(ids.map((id) => again.job(id)))) {
      const startedAt = (job as JobBody & { startedAt: string | null }).startedAt;
      if (job.status === 'SUCCEEDED') continue;
      expect(startedAt === null || Date.parse(startedAt) >= killedAt).toBe(true);
      if (startedAt === null) expect(job.progress).toBe(0);
    }
    const finished = await Promise.all(ids.map((id) => again.waitForTerminal(id, 180_000)));
    const recoveryMs = Date.now() - killedAt;

    expect(finished.map((j) => j.status)).toEqual(ids.map(() => 'SUCCEEDED'));
    const ledger = await ledgerOf(again, ids, 'embedded-crash');
    expect(ledger).toMatchObject({
      accepted: ids.length,
      completed: ids.length,
      lost: 0,
      duplicated: 0,
      startedThenTerminal: ids.length,
    });
    const log = await logOf(restarted);
    expect(linesOf(log, /Took over/)[0]).toContain(
      `from process ${app.process.pid}, which is gone`,
    );
    expect(linesOf(log, /Picked up [1-9]\d* unfinished job/)).toHaveLength(1);
    console.log(
      `[embedded-crash] ${atKill.lost} of ${ids.length} jobs unfinished at the SIGKILL; ` +
        `ready again ${readyMs} ms after it, every job done ${recoveryMs} ms after it`,
    );
  });
});
