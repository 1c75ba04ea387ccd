import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(__dirname, '../../../..');
const SCRIPT = join(__dirname, 'embedded-child.ts');

/** A process running embedded-child.ts, its stdout read line by line. */
export interface EmbeddedChild {
  readonly process: ChildProcess;
  /** The next line it prints; rejects if it exits first or `timeoutMs` passes. */
  nextLine(timeoutMs?: number): Promise<string>;
  /** Resolves with its exit code (or signal) once it has exited. */
  exited(): Promise<number | NodeJS.Signals>;
}

interface Waiter {
  resolve(line: string): void;
  reject(error: Error): void;
}

/** Starts embedded-child.ts with a command, in a new Node process. */
export function startEmbeddedChild(command: string, dataDir: string): EmbeddedChild {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', SCRIPT, command, dataDir], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: string[] = [];
  const waiters: Waiter[] = [];
  const failure = () => new Error(`embedded-child ${command} printed no line; stderr: ${stderr}`);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(line);
    else lines.push(line);
  });
  const exit = once(child, 'exit').then(([code, signal]) => {
    for (const waiter of waiters.splice(0)) waiter.reject(failure());
    return (code ?? signal) as number | NodeJS.Signals;
  });
  const nextLine = (timeoutMs = 30_000) => {
    const line = lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(failure());
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(failure());
      }, timeoutMs);
      const waiter: Waiter = {
        resolve: (l) => (clearTimeout(timer), resolve(l)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      };
      waiters.push(waiter);
    });
  };
  return { process: child, nextLine, exited: () => exit };
}
