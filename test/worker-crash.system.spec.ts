import { ApiClient } from './support/api-client';
import { ledgerOf } from './support/ledger';
import {
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { createTestEnvironment, type TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';
import { makeLongNoise } from './support/speech-fixture';

describe('a worker killed in the middle of a job (SIGKILL)', () => {
  let env: TestEnvironment;
  const running: RunningService[] = [];
  let api: ApiClient;

  beforeAll(async () => {
    env = await createTestEnvironment();
    running.push(await startService('api', env), await startService('status', env));
    api = new ApiClient(`http://127.0.0.1:${running[0]?.port}`, TEST_API_KEY);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(running.map((s) => stopService(s)));
    await env?.dispose();
  }, 60_000);

  it('loses nothing: a second worker finishes every job, each with one outcome', async () => {
    // Long enough (4 minutes at 48 kHz) that the normalisation is still running when the worker dies.
    const file = makeLongNoise(env.workDir);
    const uploadId = await api.upload(file);
    const first = await startService('processing-worker', env, { WORKER_CONCURRENCY: '1' });
    running.push(first);

    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1)
      ids.push((await api.submit('processing.normalize', { uploadId })).id);
    await waitFor(
      'a job to be running',
      async () => ((await api.job(ids[0] as string)).status === 'RUNNING' ? true : undefined),
      30_000,
    );
    first.process.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => first.process.once('exit', resolve));

    running.push(await startService('processing-worker', env, { WORKER_CONCURRENCY: '2' }));
    const finished = await Promise.all(ids.map((id) => api.waitForTerminal(id, 120_000)));
    console.log(`[worker-crash] recovered all jobs ${Date.now() - killedAt} ms after the kill`);

    expect(finished.map((j) => j.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const ledger = await ledgerOf(api, ids, 'worker-crash');
    expect(ledger).toMatchObject({ accepted: 3, completed: 3, lost: 0, duplicated: 0 });
  });
});
