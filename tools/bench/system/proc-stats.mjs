// What the kernel says about a process, read from /proc: CPU time (utime + stime) and memory
// (VmRSS now, VmHWM = peak RSS), plus the broker's and the database's processes and the load
// average. Linux only, like the rest of this machine's tooling.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU milliseconds (user + system, all threads) the process has used, or undefined if gone. */
export function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return undefined;
  }
}

/** { rssMb, hwmMb } from /proc/<pid>/status, or undefined if the process is gone. */
export function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

function processes() {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((pid) => {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        return { pid: Number(pid), comm };
      } catch {
        return undefined;
      }
    })
    .filter(Boolean);
}

function argv(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return [];
  }
}

/** The RabbitMQ server's Erlang VM (not a CLI tool's short-lived beam.smp), or undefined. */
export function rabbitPid() {
  return processes().find(({ pid, comm }) => {
    if (comm !== 'beam.smp') return false;
    const args = argv(pid);
    return args.includes('rabbit') && !args.some((a) => /elixir|rabbitmqcli/.test(a));
  })?.pid;
}

/** Every PostgreSQL server process (postmaster, backends, background workers). */
export function postgresPids() {
  return processes()
    .filter(({ comm }) => comm === 'postgres')
    .map(({ pid }) => pid);
}

/** CPU ms per pid, for a set of pids taken now. */
export function cpuSnapshot(pids) {
  return Object.fromEntries(pids.map((pid) => [pid, cpuMs(pid)]));
}

/** CPU ms spent between two snapshots; a pid born in between counts all of its CPU. */
export function cpuDelta(before, after) {
  let total = 0;
  for (const [pid, ms] of Object.entries(after)) {
    if (ms === undefined) continue;
    total += ms - (before[pid] ?? 0);
  }
  return total;
}

/** The 1, 5 and 15 minute load averages, rounded. */
export function loadAverage() {
  return loadavg().map((x) => Math.round(x * 100) / 100);
}
