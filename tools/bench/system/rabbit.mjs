// RabbitMQ seen from outside: the node's global message counters (rabbitmqctl eval, read-only;
// the management plugin is not enabled here) and clean-up of everything under a name prefix.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import amqp from 'amqplib';

const run = promisify(execFile);

// One line per counter: "<protocol|queue type> <counter> <value>", summed over label sets.
const COUNTERS_EVAL =
  'lists:flatten([io_lib:format("~s ~s ~w~n", [proplists:get_value(queue_type, K, ' +
  'proplists:get_value(protocol, K, x)), C, V]) || {K, M} <- maps:to_list(' +
  'rabbit_global_counters:overview()), {C, V} <- maps:to_list(M)]).';

/**
 * The node-wide AMQP 0-9-1 counters: messages published (received), routed, confirmed,
 * delivered and acknowledged (classic + quorum). Node-wide: traffic of anyone else on this
 * broker counts too, so measure on a quiet machine.
 */
export async function rabbitCounters() {
  const { stdout } = await run('rabbitmqctl', ['-q', 'eval', COUNTERS_EVAL], { timeout: 30_000 });
  const text = JSON.parse(stdout.trim().replace(/\\n/g, '\\n'));
  const sums = {};
  for (const line of text.split('\n')) {
    const [label, counter, value] = line.trim().split(' ');
    if (!counter || label === 'rabbit_stream_queue') continue;
    const key = counter.replace(/_total$/, '');
    sums[key] = (sums[key] ?? 0) + Number(value);
  }
  return {
    published: sums.messages_received ?? 0,
    routed: sums.messages_routed ?? 0,
    confirmed: sums.messages_confirmed ?? 0,
    delivered: sums.messages_delivered ?? 0,
    acknowledged: sums.messages_acknowledged ?? 0,
    redelivered: sums.messages_redelivered ?? 0,
  };
}

/** b - a, field by field. */
export function counterDelta(a, b) {
  return Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)]));
}

async function names(what, prefix) {
  const { stdout } = await run('rabbitmqctl', ['-q', what, 'name'], { timeout: 60_000 });
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => name.startsWith(prefix));
}

/** Deletes every queue and exchange whose name starts with `prefix`. */
export async function deleteTopology(amqpUrl, prefix) {
  const queues = await names('list_queues', prefix);
  const exchanges = await names('list_exchanges', prefix);
  if (queues.length + exchanges.length === 0) return;
  const connection = await amqp.connect(amqpUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}
