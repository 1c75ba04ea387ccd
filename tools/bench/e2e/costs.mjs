// What a measurement cost the machine, divided per job: CPU ms of each service, of RabbitMQ
// (its Erlang VM), of PostgreSQL (every server process) and of the bench itself (the load
// generator); AMQP messages from the broker's global counters; SQL transactions and rows
// written (and statements, with pg_stat_statements) of the run's database. The bench's own
// queries on that database are subtracted. Counters are read after a quiet second, CPU right
// at the edges of the measurement.
import { cpuDelta, cpuSnapshot, postgresPids, rabbitPid } from '../system/proc-stats.mjs';
import { databaseCounters } from '../system/postgres.mjs';
import { counterDelta, rabbitCounters } from '../system/rabbit.mjs';
import { sleep } from '../lib/wait.mjs';

const QUIET_MS = 1_500;

function cpuNow(apps, servers) {
  const rabbit = servers ? rabbitPid() : undefined;
  const usage = process.cpuUsage();
  return {
    services: Object.fromEntries(
      Object.entries(apps).map(([name, app]) => [name, cpuSnapshot([app.pid])]),
    ),
    rabbit: rabbit ? cpuSnapshot([rabbit]) : undefined,
    postgres: servers ? cpuSnapshot(postgresPids()) : undefined,
    bench: (usage.user + usage.system) / 1000,
  };
}

function cpuBetween(a, b) {
  const out = {};
  for (const name of Object.keys(b.services))
    out[name] = cpuDelta(a.services[name], b.services[name]);
  if (b.rabbit) out.rabbitmq = cpuDelta(a.rabbit, b.rabbit);
  if (b.postgres) out.postgres = cpuDelta(a.postgres, b.postgres);
  out.bench = b.bench - a.bench;
  return out;
}

/**
 * Starts a cost measurement on the given apps; `db` (optional) is { counter, name,
 * withStatements } for the SQL side; `servers: false` leaves out RabbitMQ and PostgreSQL, not part of the
 * system in embedded mode. Resolves with `finish(jobs)`, which resolves with totals
 * and per-job figures.
 */
export async function startCosts({ apps, db, servers = true }) {
  await sleep(QUIET_MS);
  const amqp0 = servers ? await rabbitCounters().catch(() => undefined) : undefined;
  const sql0 = db
    ? await databaseCounters(db.counter.client, db.name, db.withStatements)
    : undefined;
  const own0 = db?.counter.queries();
  const cpu0 = cpuNow(apps, servers);
  return async function finish(jobs) {
    const cpu = cpuBetween(cpu0, cpuNow(apps, servers));
    const own = db ? db.counter.queries() - own0 : 0;
    await sleep(QUIET_MS);
    const amqp1 = servers ? await rabbitCounters().catch(() => undefined) : undefined;
    const amqp = amqp0 && amqp1 ? counterDelta(amqp0, amqp1) : undefined;
    let sql;
    if (db) {
      const sql1 = await databaseCounters(db.counter.client, db.name, db.withStatements);
      sql = counterDelta(sql0, sql1);
      // The bench's own queries: its counting polls and the first counters query.
      const ownQueries = own + (db.withStatements ? 2 : 1);
      sql.transactions -= ownQueries;
      if (sql.statements !== undefined) sql.statements -= ownQueries;
    }
    const per = (x) => (x === undefined ? undefined : x / jobs);
    const perJob = {
      cpuMs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, per(v)])),
      amqp: amqp && Object.fromEntries(Object.entries(amqp).map(([k, v]) => [k, per(v)])),
      sql: sql && Object.fromEntries(Object.entries(sql).map(([k, v]) => [k, per(v)])),
    };
    const system = Object.entries(cpu)
      .filter(([k]) => k !== 'bench')
      .reduce((a, [, v]) => a + v, 0);
    perJob.cpuMs.system = per(system);
    return { jobs, cpu, amqp, sql, perJob };
  };
}
