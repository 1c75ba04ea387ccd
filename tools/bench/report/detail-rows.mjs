// Rows 4, 7 and 8 of the bench's table: latency at a fixed rate, costs per job, and memory.
import { fmt, line } from './format.mjs';
import { W } from './throughput-rows.mjs';

/** Latency percentiles. */
export function latencyRows(r) {
  const l = r.distributed?.latency;
  if (!l) return [];
  const pair = (x) => `${fmt(x.p50)} / ${fmt(x.p99)} ms`;
  return [
    line(
      [
        '4',
        `latency at ${l.rate} jobs/s offered, one job per REST request (${l.held ? 'held' : 'rate NOT held'})`,
        'p50 / p99',
      ],
      W,
    ),
    line(
      ['', '  submit -> started, visible in the read model (polled)', pair(l.startedVisible)],
      [4, 58, 30],
    ),
    line(
      ['', '  submit -> terminal, visible in the read model (polled)', pair(l.terminalVisible)],
      [4, 58, 30],
    ),
    line(
      [
        '',
        "  submit -> started / finished, the jobs' event times",
        `${pair(l.startedEvent)}  /  ${pair(l.finishedEvent)}`,
      ],
      [4, 58, 30],
    ),
    ...(l.recordedEvent
      ? [
          line(
            ['', '  submit -> terminal event recorded by status', pair(l.recordedEvent)],
            [4, 58, 30],
          ),
        ]
      : []),
    line(['', '  POST /v1/jobs -> 202', pair(l.post)], [4, 58, 30]),
  ];
}

const COST_ROWS = [
  ['CPU ms: api', (c) => c.cpuMs.api],
  ['CPU ms: detection-worker', (c) => c.cpuMs['detection-worker']],
  ['CPU ms: processing-worker', (c) => c.cpuMs['processing-worker']],
  ['CPU ms: status', (c) => c.cpuMs.status],
  ['CPU ms: embedded (one process)', (c) => c.cpuMs.embedded],
  ['CPU ms: RabbitMQ (beam.smp)', (c) => c.cpuMs.rabbitmq],
  ['CPU ms: PostgreSQL (all its processes)', (c) => c.cpuMs.postgres],
  ['CPU ms: all of the system (without the bench)', (c) => c.cpuMs.system],
  ['CPU ms: the bench itself (load generator)', (c) => c.cpuMs.bench],
  ['AMQP messages published (node-wide counter)', (c) => c.amqp?.published],
  ['AMQP messages delivered to consumers', (c) => c.amqp?.delivered],
  ['SQL transactions (pg_stat_database)', (c) => c.sql?.transactions],
  ['SQL statements (pg_stat_statements)', (c) => c.sql?.statements],
  ['SQL rows written (inserted + updated + deleted)', (c) => c.sql?.rowsWritten],
];

/** Costs per job, one column per measurement. */
export function costRows(r) {
  const v = r.distributed?.variants ?? {};
  const cols = [
    ['bulk', v.bulk?.drain.costs],
    ['AMQP 1/msg', v.amqp?.drain.costs],
    ['REST 1/req', v.rest?.drain.costs],
    [`soak ${r.distributed?.soak?.rate ?? ''}/s`, r.distributed?.soak?.costs],
    ['embedded', r.embedded?.bulk.drain.costs],
  ].filter(([, c]) => c);
  if (!cols.length) return [];
  const widths = [4, 50, ...cols.map(() => 12)];
  const right = cols.map((_, i) => i + 2);
  const out = [
    line(
      ['7', 'per job (closed-loop bursts; soak: steady rate)', ...cols.map(([n]) => n)],
      widths,
      right,
    ),
  ];
  for (const [label, pick] of COST_ROWS) {
    const cells = cols.map(([, c]) => pick(c.perJob));
    if (cells.every((x) => x === undefined)) {
      if (label.includes('statements'))
        out.push(line(['', `${label}`, 'n/a: not loaded on this server'], [4, 50, 30]));
      continue;
    }
    out.push(line(['', label, ...cells.map((x) => fmt(x))], widths, right));
  }
  return out;
}

/** RSS of every process: idle, peak, over the soak. */
export function memoryRows(r) {
  const d = r.distributed;
  const names = Object.keys({ ...(d?.idleRssMb ?? {}), ...(d?.peakRssMb ?? {}) });
  if (!names.length && !r.embedded) return [];
  const s = d?.soak;
  const widths = [4, 26, 9, 11, 12, 10, 14, 16];
  const right = [2, 3, 4, 5, 6, 7];
  const out = [
    line(
      [
        '8',
        `RSS MB${s ? ` (soak: ${s.seconds} s at ${s.rate} jobs/s, after ${s.warmupSeconds ?? 0} s)` : ''}`,
        'idle',
        'peak (HWM)',
        'soak start',
        'soak end',
        'slope MB/min',
        'with warm-up',
      ],
      widths,
      right,
    ),
  ];
  for (const name of names) {
    const k = s?.rss[name];
    out.push(
      line(
        [
          '',
          name,
          fmt(d.idleRssMb?.[name]),
          fmt(d.peakRssMb?.[name]),
          fmt(k?.startMb),
          fmt(k?.endMb),
          fmt(k?.slopeMbPerMin, 2),
          fmt(k?.slopeWithWarmupMbPerMin, 2),
        ],
        widths,
        right,
      ),
    );
  }
  if (r.embedded)
    out.push(
      line(
        [
          '',
          'embedded (one process)',
          fmt(r.embedded.idleRssMb),
          fmt(r.embedded.peakRssMb),
          '',
          '',
          '',
          '',
        ],
        widths,
        right,
      ),
    );
  return out;
}
