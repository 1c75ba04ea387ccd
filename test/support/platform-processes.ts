import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './free-port';
import { AMQP_URL, type TestEnvironment } from './test-environment';
import { WaitAbandoned, waitFor } from './wait-for';

/** The four services, each a separate `node dist/apps/<name>/main.js` process. */
export const SERVICES = ['api', 'detection-worker', 'processing-worker', 'status'] as const;
export type ServiceName = (typeof SERVICES)[number];
/** Every app a test can start: the four services, or embedded mode's one process. */
export type AppName = ServiceName | 'embedded';

/** A running app process and where it listens. */
export interface RunningService {
  readonly name: AppName;
  readonly port: number;
  readonly process: ChildProcess;
  readonly logFile: string;
  /** Settles once the process has exited and all it wrote is in `logFile`. */
  readonly logged: Promise<void>;
}

export const TEST_API_KEY = 'test-key-0123456789';
export const OTHER_TENANT_KEY = 'other-key-0123456789';
/** Both test tenants, as API_KEYS. */
export const TEST_API_KEYS = `acme:${TEST_API_KEY},globex:${OTHER_TENANT_KEY}`;

const root = path.resolve(__dirname, '../..');

/**
 * Spawns `node dist/apps/<name>/main.js` with PATH, PORT and `vars` as its whole environment
 * (nothing inherited, so a test's setting is the only one), logging to a file in `logDir`.
 * Does not wait: see `awaitReady`.
 */
export async function spawnApp(
  name: AppName,
  vars: Record<string, string>,
  logDir: string,
  port?: number,
): Promise<RunningService> {
  const listen = port ?? (await freePort());
  const logFile = path.join(logDir, `${name}-${listen}-${Date.now()}.log`);
  const child = spawn(process.execPath, [path.join(root, 'dist/apps', name, 'main.js')], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(listen), ...vars },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  // Ended by hand: with two sources, the first to end would end the file under the other.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const logged = new Promise<void>((resolve) => child.once('close', () => log.end(resolve)));
  return { name, port: listen, process: child, logFile, logged };
}

/**
 * Waits until the app answers 200 on /health/<probe>; kills it and throws with its log if not, at
 * once if it exits.
 */
export async function awaitReady(
  service: RunningService,
  probe: 'ready' | 'live' = 'ready',
  timeoutMs = 60_000,
): Promise<RunningService> {
  const { name, port, process: child, logFile } = service;
  await waitFor(
    `${name} to be ready on port ${port}`,
    async () => {
      const { exitCode, signalCode } = child;
      if (exitCode !== null || signalCode !== null)
        throw new WaitAbandoned(
          `${name} exited with ${exitCode ?? signalCode} before it was ready`,
        );
      const res = await fetch(`http://127.0.0.1:${port}/health/${probe}`);
      return res.status === 200 ? true : undefined;
    },
    timeoutMs,
    // Often: a refused probe costs nothing, and every spec file waits for several starts.
    50,
  ).catch(async (error: Error) => {
    child.kill('SIGKILL');
    await exitOf(service);
    throw new Error(`${error.message}\n--- ${name} log ---\n${await tail(logFile)}`);
  });
  return service;
}

/** Starts one service against the test environment and waits until it is ready. */
export async function startService(
  name: ServiceName,
  env: TestEnvironment,
  extra: Record<string, string> = {},
  probe: 'ready' | 'live' = 'ready',
): Promise<RunningService> {
  const vars = {
    AMQP_URL,
    DATABASE_URL: env.databaseUrl,
    TOPOLOGY_PREFIX: env.topologyPrefix,
    BLOB_DIR: env.blobDir,
    API_KEYS: TEST_API_KEYS,
    LOG_LEVEL: 'info',
    ...extra,
  };
  return awaitReady(await spawnApp(name, vars, env.workDir), probe);
}

/** Starts all four services; if one does not come up, stops the others and throws its error. */
export async function startPlatform(
  env: TestEnvironment,
  extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
): Promise<Record<ServiceName, RunningService>> {
  const outcomes = await Promise.allSettled(
    SERVICES.map((name) => startService(name, env, extraEnv[name])),
  );
  const started = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = outcomes.find((o) => o.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => stopService(s)));
    throw failed.reason;
  }
  return Object.fromEntries(started.map((s) => [s.name, s])) as Record<ServiceName, RunningService>;
}

/**
 * Resolves with the exit code (null when a signal ended it) once the process has exited and all
 * it wrote is in its log file.
 */
export async function exitOf(service: RunningService): Promise<number | null> {
  const child = service.process;
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  await service.logged;
  return child.exitCode;
}

/** Stops a service with SIGTERM (SIGKILL after a grace period) and waits for it to exit. */
export async function stopService(
  service: RunningService,
  graceMs = 15_000,
): Promise<number | null> {
  const child = service.process;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = exitOf(service);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

/** The last lines a service logged, for failure messages. */
export async function tail(logFile: string, lines = 40): Promise<string> {
  const text = await readFile(logFile, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}
