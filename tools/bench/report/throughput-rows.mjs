// Rows 1, 2, 3, 5, 6 and 9 of the bench's table: throughput, with the median of the
// repetitions, their range and the ratios to the ceiling or the peers.
import { fmt, line, range, ratioOf, times } from './format.mjs';

/** Widths of the throughput columns: id, measurement, median, range, ratio. */
export const W = [4, 58, 14, 20, 34];
export const RIGHT = [2];

// A search that held no rate at all (not even the ladder's lowest, 25 jobs/s) shows as "< 25".
const shown = (value, unit) =>
  value === undefined ? 'n/a' : value === 0 ? `< 25 ${unit}` : `${fmt(value)} ${unit}`;

/** The throughput rows. */
export function throughputRows(r) {
  const rows = [];
  const add = (id, label, value, unit, spread, ratio) =>
    rows.push(line([id, label, shown(value, unit), spread, ratio], W, RIGHT));
  const ceiling = r.ceiling?.rate;
  const bull = r.peers?.bullmq?.rate;
  const boss = r.peers?.pgboss?.rate;
  const vsPeers = (x) =>
    x === undefined ? '' : `${ratioOf(x, bull)} BullMQ, ${ratioOf(x, boss)} pg-boss`;
  if (r.ceiling)
    add(
      '1',
      `ceiling: bare amqplib, quorum, confirms + manual ack, ${r.ceiling.messageBytes} B`,
      ceiling,
      'msg/s',
      range(r.ceiling.runs.map((x) => x.rate)),
      '1.00x ceiling',
    );
  if (r.transport) {
    const t = r.transport;
    const label = t.file
      ? `transport alone (${t.file.split('/').slice(0, 2).join('/')} bench)`
      : 'transport alone (no transport bench found)';
    add(
      '2',
      label,
      t.ours,
      'msg/s',
      t.bare ? `its own bare: ${fmt(t.bare)}` : '',
      t.ours ? `${times(t.ours / ceiling)} ceiling` : '',
    );
  }
  const v = r.distributed?.variants ?? {};
  const e2e = [
    ['3a', 'bulk', 'e2e bulk REST, batches <= 500'],
    ['3b', 'amqp', 'e2e AMQP, one command per message'],
    ['3c', 'rest', 'e2e REST, one job per request'],
  ];
  for (const [id, key, label] of e2e) {
    const x = v[key];
    if (!x) continue;
    const ratio =
      key === 'rest' && v.amqp
        ? `${ratioOf(x.sustained.rate, v.amqp.sustained.rate)} 3b; ${vsPeers(x.sustained.rate)}`
        : vsPeers(x.sustained.rate);
    add(
      id,
      `${label}: rate held, open loop`,
      x.sustained.rate,
      'jobs/s',
      range(x.sustained.searches.map((s) => s.held)),
      ratio,
    );
    add(
      '',
      `  closed-loop drain of ${x.drain.runs[0]?.jobs} jobs`,
      x.drain.rate,
      'jobs/s',
      range(x.drain.runs.map((d) => d.rate)),
      vsPeers(x.drain.rate),
    );
  }
  if (r.projector)
    add(
      '5',
      'projector alone (libs/persistence bench, batches of 500)',
      r.projector.eventsPerSecond,
      'events/s',
      '',
      r.projector.eventsPerSecond
        ? `${times(r.projector.eventsPerSecond / 20_000)} 20k target`
        : '',
    );
  for (const [key, name] of [
    ['bullmq', 'BullMQ'],
    ['pgboss', 'pg-boss'],
  ]) {
    const p = r.peers?.[key];
    if (p)
      add(
        key === 'bullmq' ? '6' : '',
        `${name}: ${p.label ?? p.config}, drain of ${fmt(p.runs?.[0]?.jobs)}`,
        p.rate,
        'jobs/s',
        range((p.runs ?? []).map((x) => x.rate)),
        key === 'bullmq' ? '1.00x BullMQ' : times(p.rate / bull) + ' BullMQ',
      );
  }
  const em = r.embedded?.bulk;
  if (em) {
    add(
      '9',
      'embedded mode, bulk REST: rate held, open loop',
      em.sustained.rate,
      'jobs/s',
      range(em.sustained.searches.map((s) => s.held)),
      em.sustained.rate !== undefined ? `${ratioOf(em.sustained.rate, bull)} BullMQ` : '',
    );
    add(
      '',
      `  closed-loop drain of ${em.drain.runs[0]?.jobs} jobs`,
      em.drain.rate,
      'jobs/s',
      range(em.drain.runs.map((d) => d.rate)),
      `${ratioOf(em.drain.rate, bull)} BullMQ`,
    );
  }
  return rows;
}
