// The libraries' own benches, run as child processes (`node -r @swc-node/register <file>`) and
// read from their output, so the bench depends on no library code: the transport alone (libs/
// transport after the split, libs/messaging before it) and the projector alone.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TRANSPORT_BENCHES = [
  'libs/transport/bench/transport.bench.ts',
  'libs/messaging/bench/transport.bench.ts',
];
const PROJECTOR_BENCHES = ['libs/persistence/bench/projector.bench.ts'];
const number = (s) => (s === undefined ? undefined : Number(s.replace(/,/g, '')));

async function runTs(root, file, args, env) {
  const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', file, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 900_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/**
 * The transport bench's median figures: { file, bare, ours, inProcess, output } in msg/s, or
 * { file: undefined } when no transport bench exists; `ours` undefined if its output changed
 * shape (the raw output is kept).
 */
export async function transportBench(root, { messages, rounds }) {
  const file = TRANSPORT_BENCHES.find((f) => existsSync(path.join(root, f)));
  if (!file) return { file: undefined };
  const output = await runTs(root, file, [String(messages), String(rounds)]);
  const summary = output.trim().split('\n').at(-1) ?? '';
  return {
    file,
    bare: number(/bare amqplib ([\d,.]+) msg\/s/.exec(summary)?.[1]),
    ours: number(/(?:executor\+consumer|ours|transport) ([\d,.]+) msg\/s/.exec(summary)?.[1]),
    inProcess: number(/in-process[^\d]*([\d,.]+) msg\/s/.exec(summary)?.[1]),
    output,
  };
}

/** The projector bench's median: { file, eventsPerSecond, output }, or { file: undefined }. */
export async function projectorBench(root, { events }) {
  const file = PROJECTOR_BENCHES.find((f) => existsSync(path.join(root, f)));
  if (!file) return { file: undefined };
  const output = await runTs(root, file, [], { BENCH_EVENTS: String(events) });
  const summary = output.trim().split('\n').at(-1) ?? '';
  return {
    file,
    eventsPerSecond: number(/([\d,.]+) events\/s \(median/.exec(summary)?.[1]),
    output,
  };
}
