import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const RABBIT_BIN = '/usr/lib/rabbitmq/bin';

/** A RabbitMQ node of a test's own, so a fault test can stop it without touching anyone else's. */
export interface PrivateRabbitMq {
  readonly node: string;
  readonly port: number;
  readonly url: string;
  /** `rabbitmqctl -n <node> <args>`. */
  ctl(...args: string[]): Promise<string>;
  /** Stops the broker application (connections drop, the port closes); the node stays up. */
  stopApp(): Promise<void>;
  startApp(): Promise<void>;
  /** Stops the node and removes its directory. */
  remove(): Promise<void>;
}

/** Runs a RabbitMQ script as the rabbitmq user (the node's files and Erlang cookie are theirs). */
async function asRabbit(script: string, args: string[], env: Record<string, string> = {}) {
  const vars = Object.entries({ HOME: '/var/lib/rabbitmq', ...env }).map(([k, v]) => `${k}=${v}`);
  const { stdout } = await run(
    'runuser',
    ['-u', 'rabbitmq', '--', 'env', ...vars, path.join(RABBIT_BIN, script), ...args],
    { timeout: 90_000 },
  );
  return stdout;
}

/**
 * Starts a private node (own name, ports and directories, no plugins) with extra rabbitmq.conf
 * lines and, when given, an advanced.config (Erlang terms, for settings rabbitmq.conf does not
 * expose), and waits until it serves. Needs root (it runs the node as the rabbitmq user).
 */
export async function startPrivateRabbitMq(
  confLines: readonly string[] = [],
  advancedConfig?: string,
): Promise<PrivateRabbitMq> {
  const id = randomUUID().slice(0, 8);
  const node = `fault-${id}@localhost`;
  const [port, distPort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(path.join(tmpdir(), `jobmill-rabbit-${id}-`));
  await writeFile(path.join(dir, 'enabled_plugins'), '[].\n');
  await writeFile(
    path.join(dir, 'rabbitmq.conf'),
    [`listeners.tcp.local = 127.0.0.1:${port}`, ...confLines, ''].join('\n'),
  );
  const advanced = path.join(dir, 'advanced.config');
  await writeFile(advanced, advancedConfig ?? '[].\n');
  await run('chown', ['-R', 'rabbitmq:rabbitmq', dir]);
  const ctl = (...args: string[]) => asRabbit('rabbitmqctl', ['-n', node, ...args]);
  await asRabbit('rabbitmq-server', ['-detached'], {
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'node.pid'),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: advanced,
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
  });
  const remove = async () => {
    await ctl('stop').catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Detached: the node registers with epmd a moment later, then boots.
    await waitFor(
      `RabbitMQ node ${node}`,
      () => ctl('await_startup').then(() => true),
      60_000,
      500,
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    node,
    port,
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    ctl,
    stopApp: async () => void (await ctl('stop_app')),
    startApp: async () => {
      await ctl('start_app');
      await ctl('await_startup');
    },
    remove,
  };
}
