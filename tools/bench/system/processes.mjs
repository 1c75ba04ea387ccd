// Starting and stopping the apps under test as real processes (`node dist/apps/<name>/main.js`),
// each with only PATH, PORT and the given variables as its environment, logging to a file;
// ready when /health/ready answers 200.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { until } from '../lib/wait.mjs';

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The last lines of a log file, for error messages. */
export async function tail(file, lines = 30) {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Node flags for the apps under test, for profiling them under bench load (e.g. `--cpu-prof`,
 * `--heapsnapshot-signal=SIGUSR2`). Given as arguments: Node refuses `--cpu-prof` in NODE_OPTIONS.
 */
function benchNodeFlags() {
  return (process.env.BENCH_NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean);
}

/**
 * Settings for the apps under test on top of the bench's own, to compare one with another
 * (e.g. `BENCH_SERVICE_ENV="JOB_STARTED_HOLD_MS=0 WORKER_THREADS=4"`).
 */
function benchServiceEnv() {
  const pairs = (process.env.BENCH_SERVICE_ENV ?? '').split(/\s+/).filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => [pair.split('=')[0], pair.slice(pair.indexOf('=') + 1)]),
  );
}

/** Spawns an app and waits until it is ready; throws with its log if it exits or times out. */
export async function startApp({ root, name, vars, logDir, timeoutMs = 120_000 }) {
  const port = await freePort();
  const logFile = path.join(logDir, `${name}.log`);
  const child = spawn(
    process.execPath,
    [...benchNodeFlags(), path.join(root, 'dist/apps', name, 'main.js')],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), ...vars, ...benchServiceEnv() },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const app = { name, port, pid: child.pid, child, logFile, url: `http://127.0.0.1:${port}` };
  try {
    await until(
      `${name} to be ready`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
        const res = await fetch(`${app.url}/health/ready`).catch(() => undefined);
        return res?.status === 200 ? true : undefined;
      },
      timeoutMs,
      200,
    );
  } catch (error) {
    await stopApp(app, 2_000);
    throw new Error(`${error.message}\n--- ${name} log ---\n${await tail(logFile)}`);
  }
  return app;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopApp(app, graceMs = 20_000) {
  const { child } = app;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}
