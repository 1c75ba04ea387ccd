import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';

const run = promisify(execFile);

/** A PostgreSQL cluster of a test's own, so a fault test can stop it. */
export interface PrivatePostgres {
  readonly port: number;
  /** Connection URL of its `postgres` database (trust auth). */
  readonly adminUrl: string;
  /** A new database on it, by URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and removes its directory. */
  remove(): Promise<void>;
}

async function binDir(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql')).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return path.join('/usr/lib/postgresql', versions[0], 'bin');
}

/** Runs a PostgreSQL tool as the postgres user (initdb refuses root). */
const asPostgres = async (bin: string, tool: string, args: string[]) =>
  run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args], { timeout: 60_000 });

/** initdb + pg_ctl start on a free port in a temp dir (trust auth, fsync off: a test cluster). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = await binDir();
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), `jobmill-pg-${randomUUID().slice(0, 8)}-`));
  await run('chown', ['postgres:postgres', dir]);
  const data = path.join(dir, 'data');
  await asPostgres(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = async () => {
    await asPostgres(bin, 'pg_ctl', [
      '-D',
      data,
      '-o',
      options,
      '-l',
      path.join(dir, 'pg.log'),
      '-w',
      'start',
    ]);
  };
  const stop = async () => {
    await asPostgres(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    port,
    adminUrl,
    createDatabase: async (name) => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return adminUrl.replace(/\/postgres$/, `/${name}`);
    },
    stop,
    start,
    remove: async () => {
      await stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
