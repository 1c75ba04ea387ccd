import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiClient } from './support/api-client';
import { embeddedVars } from './support/embedded-process';
import { freePort } from './support/free-port';
import { TEST_API_KEY } from './support/platform-processes';
import { createEmbeddedEnvironment, type EmbeddedEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

// `npm start`'s launcher as a user meets it: the first Ctrl+C drains and says what it waits
// for; a second one stops at once, and the job that was running runs again at the next start.

const root = path.resolve(__dirname, '..');

interface Launched {
  readonly child: ChildProcess;
  readonly logFile: string;
  readonly api: ApiClient;
  readonly exited: Promise<number | null>;
}

async function launch(env: EmbeddedEnvironment, run: number): Promise<Launched> {
  const port = await freePort();
  const logFile = path.join(env.workDir, `start-${run}.log`);
  const child = spawn(process.execPath, [path.join(root, 'tools/start.mjs')], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', ...embeddedVars(env), PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const api = new ApiClient(`http://127.0.0.1:${port}`, TEST_API_KEY);
  await waitFor(
    'the launcher to serve',
    async () => ((await fetch(`${api.baseUrl}/health/ready`)).status === 200 ? true : undefined),
    90_000,
    200,
  );
  return { child, logFile, api, exited };
}

describe('Ctrl+C on npm start (embedded)', () => {
  let env: EmbeddedEnvironment;
  const launched: Launched[] = [];

  beforeAll(async () => {
    env = await createEmbeddedEnvironment();
  });

  afterAll(async () => {
    for (const { child } of launched) if (child.exitCode === null) child.kill('SIGKILL');
    await env?.dispose();
  });

  it('drains on the first, says what it waits for, stops at the second, loses nothing', async () => {
    const first = await launch(env, 1);
    launched.push(first);
    const job = await first.api.submit('system.ping', { durationMs: 4_000 });
    await waitFor('the ping to run', async () =>
      (await first.api.job(job.id)).status === 'RUNNING' ? true : undefined,
    );

    first.child.kill('SIGINT');
    await waitFor('the launcher to say what it waits for', async () =>
      (await readFile(first.logFile, 'utf8')).includes(`running job(s) to finish: ${job.id}`)
        ? true
        : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 600)); // a second Ctrl+C, not the same one
    const secondAt = Date.now();
    first.child.kill('SIGINT');
    await first.exited;
    const stopMs = Date.now() - secondAt;
    // Well before the 4 s ping could have finished.
    expect(stopMs).toBeLessThan(2_500);
    console.log(`[ctrl-c] second Ctrl+C stopped everything in ${stopMs} ms`);

    const again = await launch(env, 2);
    launched.push(again);
    const done = await again.api.waitForTerminal(job.id, 60_000);
    expect(done.status).toBe('SUCCEEDED');
    const started = (await again.api.events(job.id)).filter((e) => e.name === 'started');
    expect(started.length).toBe(2);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  });
});
