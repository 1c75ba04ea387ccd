import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

// Starts the demo service as a real process: signals and exit codes cannot be faked in-process.
// Each case boots a Node process with swc; on a loaded 2-core box that can take seconds.
jest.setTimeout(60_000);

const FIXTURE = join(__dirname, 'fixtures', 'demo-service.fixture.ts');
const ROOT = join(__dirname, '..', '..', '..', '..');

interface Running {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(envOverrides: Record<string, string>): Running {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...envOverrides },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: Running = {
    child,
    lines: [],
    stderr: [],
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    ),
  };
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const line of parts)
      if (line.trim()) running.lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  child.stderr?.on('data', (chunk: Buffer) => running.stderr.push(chunk.toString()));
  return running;
}

async function waitFor(predicate: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function exitOf(running: Running, timeoutMs = 20_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('process did not exit')), timeoutMs);
  });
  try {
    return await Promise.race([running.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const hasMsg = (running: Running, msg: string) => () => running.lines.some((l) => l['msg'] === msg);

describe('runService (real process)', () => {
  const children: ChildProcess[] = [];
  const launch = (env: Record<string, string> = {}) => {
    const running = start(env);
    children.push(running.child);
    return running;
  };
  afterAll(() => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('serves, logs with the service name, and exits 0 after SIGTERM runs the shutdown hooks', async () => {
    const svc = launch();
    await waitFor(hasMsg(svc, 'demo listening'), 'listening');
    const listening = svc.lines.find((l) => l['msg'] === 'demo listening');
    const res = await fetch(`${String(listening?.['url'])}/ping`);
    expect(res.status).toBe(200);

    svc.child.kill('SIGTERM');
    expect(await exitOf(svc)).toEqual({ code: 0, signal: null });
    expect(svc.lines.some((l) => l['msg'] === 'shutdown hook ran')).toBe(true);
    expect(svc.lines.find((l) => l['msg'] === 'demo stopped')).toMatchObject({ code: 0 });
    const logged = svc.lines.filter((l) => 'level' in l);
    // Listening, draining, stopped: Nest's own start-up lines are below the default level.
    expect(logged.length).toBeGreaterThanOrEqual(3);
    expect(logged.every((l) => l['service'] === 'demo')).toBe(true);
  });

  it('exits 1 when shutdown hangs past SHUTDOWN_TIMEOUT_MS', async () => {
    const svc = launch({ DEMO_HANG: 'true', SHUTDOWN_TIMEOUT_MS: '300' });
    await waitFor(hasMsg(svc, 'demo listening'), 'listening');
    svc.child.kill('SIGTERM');
    expect(await exitOf(svc)).toEqual({ code: 1, signal: null });
    expect(svc.lines.some((l) => l['msg'] === 'shutdown did not finish in time, exiting')).toBe(
      true,
    );
  });

  it('forces exit on a second signal while shutdown is still running', async () => {
    const svc = launch({ DEMO_HANG: 'true', SHUTDOWN_TIMEOUT_MS: '60000' });
    await waitFor(hasMsg(svc, 'demo listening'), 'listening');
    svc.child.kill('SIGTERM');
    await waitFor(hasMsg(svc, 'shutdown hook ran'), 'shutdown to start');
    svc.child.kill('SIGINT');
    expect(await exitOf(svc)).toEqual({ code: 130, signal: null });
    expect(svc.lines.some((l) => l['msg'] === 'second signal during shutdown, forcing exit')).toBe(
      true,
    );
  });

  it('stops at boot with one stderr line naming the invalid variable', async () => {
    const svc = launch({ PORT: 'abc' });
    expect(await exitOf(svc)).toEqual({ code: 1, signal: null });
    expect(svc.stderr.join('')).toBe(
      "Invalid configuration: PORT must be an integer between 0 and 65535, got 'abc'\n",
    );
  });

  it.each([
    ['reject', 'unhandled promise rejection', 'demo rejection'],
    ['throw', 'uncaught exception', 'demo exception'],
  ])('logs a %s as fatal and exits 1', async (fail, msg, errorMessage) => {
    const svc = launch({ DEMO_FAIL: fail });
    expect(await exitOf(svc)).toEqual({ code: 1, signal: null });
    const line = svc.lines.find((l) => l['msg'] === msg);
    expect(line).toMatchObject({ level: 'fatal', service: 'demo', err: { message: errorMessage } });
  });
});
