import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from './free-port';
import { AMQP_URL, type TestEnvironment } from './test-environment';
import { waitFor } from './wait-for';

/** The four services, each a separate `node dist/apps/<name>/main.js` process. */
export const SERVICES = ['api', 'detection-worker', 'processing-worker', 'status'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** A running service process and where it listens. */
export interface RunningService {
  readonly name: ServiceName;
  readonly port: number;
  readonly process: ChildProcess;
  readonly logFile: string;
}

export const TEST_API_KEY = 'test-key-0123456789';
export const OTHER_TENANT_KEY = 'other-key-0123456789';

const root = path.resolve(__dirname, '../..');

/** Starts one service against the test environment and waits until it is ready. */
export async function startService(
  name: ServiceName,
  env: TestEnvironment,
  extra: Record<string, string> = {},
  probe: 'ready' | 'live' = 'ready',
): Promise<RunningService> {
  const port = await freePort();
  const logFile = path.join(env.workDir, `${name}-${port}.log`);
  const child = spawn(process.execPath, [path.join(root, 'dist/apps', name, 'main.js')], {
    cwd: root,
    env: {
      PATH: process.env['PATH'] ?? '',
      PORT: String(port),
      AMQP_URL,
      DATABASE_URL: env.databaseUrl,
      TOPOLOGY_PREFIX: env.topologyPrefix,
      BLOB_DIR: env.blobDir,
      API_KEYS: `acme:${TEST_API_KEY},globex:${OTHER_TENANT_KEY}`,
      LOG_LEVEL: 'info',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const service = { name, port, process: child, logFile };
  await waitFor(
    `${name} to be ready on port ${port}`,
    async () => {
      if (child.exitCode !== null)
        throw new Error(`${name} exited with ${child.exitCode}:\n${await tail(logFile)}`);
      const res = await fetch(`http://127.0.0.1:${port}/health/${probe}`);
      return res.status === 200 ? true : undefined;
    },
    60_000,
    200,
  ).catch(async (error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n--- ${name} log ---\n${await tail(logFile)}`);
  });
  return service;
}

/** Starts all four services. */
export async function startPlatform(
  env: TestEnvironment,
  extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
): Promise<Record<ServiceName, RunningService>> {
  const started = await Promise.all(
    SERVICES.map((name) => startService(name, env, extraEnv[name])),
  );
  return Object.fromEntries(started.map((s) => [s.name, s])) as Record<ServiceName, RunningService>;
}

/** Stops a service with SIGTERM (SIGKILL after a grace period) and waits for it to exit. */
export async function stopService(
  service: RunningService,
  graceMs = 15_000,
): Promise<number | null> {
  const child = service.process;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
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
