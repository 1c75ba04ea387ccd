import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../data-source/open-database';
import { startEmbeddedChild } from '../testing/embedded-child.fixture';
import { PGDATA, POSTGRES_MAJOR, SOCKET_FILE } from './data-dir-layout';
import { LOCK_FILE } from './data-dir-lock';
import { openEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

const RECORD_UPLOAD = `INSERT INTO uploads (id, tenant, size, sha256, content_type)
  VALUES (gen_random_uuid(), 'acme', $1, 'ab', 'audio/wav')`;

describe('openEmbeddedPostgres', () => {
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jm-epg-'));
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const stillOpen: EmbeddedPostgres[] = [];
  afterEach(async () => {
    await Promise.all(stillOpen.splice(0).map((engine) => engine.close()));
  });

  it('runs the migrations and keeps the data for the next process, on a Unix socket', async () => {
    const dataDir = join(root, 'restart');
    // What an initialisation cut short leaves behind is discarded.
    await mkdir(join(dataDir, 'pgdata.init', 'base'), { recursive: true });
    const engine = await openEmbeddedPostgres({ dataDir });
    // Closed even if an assertion fails: an open engine would keep Jest from exiting.
    stillOpen.push(engine);
    expect((await readdir(dataDir)).sort()).toEqual([SOCKET_FILE, LOCK_FILE, PGDATA].sort());
    expect(engine.databaseOptions('app')).toEqual({
      url: `postgres://postgres@${encodeURIComponent(dataDir)}:5432/postgres?sslmode=disable`,
      poolSize: 1,
      idleTimeoutMs: 0,
      connectTimeoutMs: 60_000,
      pipelined: true,
      applicationName: 'app',
    });
    expect(existsSync(join(dataDir, SOCKET_FILE))).toBe(true);
    const ds = await openDatabase(engine.databaseOptions());
    const [version] = await ds.query<Array<{ major: string }>>(
      `SELECT current_setting('server_version_num')::int / 10000 AS major`,
    );
    expect(String(version?.major)).toBe(POSTGRES_MAJOR);
    expect(await ds.query(`SELECT current_setting('shared_buffers') AS size`)).toEqual([
      { size: '32MB' },
    ]);
    await ds.query(RECORD_UPLOAD, [3]);
    await ds.destroy();
    await engine.close();
    expect(existsSync(join(dataDir, SOCKET_FILE))).toBe(false);

    const child = startEmbeddedChild('read', dataDir);
    expect(JSON.parse(await child.nextLine())).toEqual([3]);
    expect(await child.exited()).toBe(0);

    // Reopened with shared buffers of another size: the setting is the engine's, not the data's.
    const reopened = await openEmbeddedPostgres({ dataDir, sharedBuffersMb: 16 });
    stillOpen.push(reopened);
    const again = await openDatabase(reopened.databaseOptions());
    expect(await again.query(`SELECT current_setting('shared_buffers') AS size`)).toEqual([
      { size: '16MB' },
    ]);
    await again.destroy();
  }, 120_000);

  it('keeps what was committed when its process is killed, and takes over the lock', async () => {
    const dataDir = join(root, 'killed');
    const child = startEmbeddedChild('record-and-wait', dataDir);
    expect(await child.nextLine()).toBe('recorded');
    child.process.kill('SIGKILL');
    await child.exited();
    const warnings: string[] = [];
    const engine = await openEmbeddedPostgres({
      dataDir,
      logger: { info: () => undefined, warn: (m) => warnings.push(m) },
    });
    try {
      const ds = await openDatabase(engine.databaseOptions());
      expect(await ds.query('SELECT size FROM uploads')).toEqual([{ size: '7' }]);
      await ds.destroy();
    } finally {
      await engine.close();
    }
    expect(warnings).toEqual([expect.stringContaining(`process ${child.process.pid}`)]);
  }, 120_000);
});

describe('the embedded engine on 127.0.0.1 serves one connection at a time', () => {
  let root: string;
  let engine: Awaited<ReturnType<typeof openEmbeddedPostgres>>;
  const connect = async () => {
    const client = new Client({ connectionString: engine.databaseOptions().url });
    await client.connect();
    return client;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jm-epg-'));
    // A path too long for a Unix socket: served on a loopback port instead.
    engine = await openEmbeddedPostgres({ dataDir: join(root, 'x'.repeat(100)) });
  });

  afterAll(async () => {
    await engine?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('listens on a port the OS picked when the socket path would be too long', () => {
    expect(engine.databaseOptions().url).toMatch(
      /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\?sslmode=disable$/,
    );
  });

  it('holds a second connection until the first ends, so their statements never mix', async () => {
    const first = await connect();
    let secondConnected = false;
    const second = connect().then((client) => ((secondConnected = true), client));
    // Parameters larger than a socket read would arrive in pieces, between another's messages.
    const big = 'x'.repeat(1_000_000);
    for (let i = 0; i < 5; i += 1) {
      const { rows } = await first.query('SELECT length($1::text) AS n, $2::int AS i', [big, i]);
      expect(rows).toEqual([{ n: big.length, i }]);
    }
    expect(secondConnected).toBe(false);
    await first.end();
    const client = await second;
    expect((await client.query('SELECT $1::int + 1 AS a', [41])).rows).toEqual([{ a: 42 }]);
    await client.end();
  });

  it('runs statements beside the event loop: timers fire while a long one runs', async () => {
    const client = await connect();
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 20);
    try {
      await client.query('SELECT pg_sleep(0.6)');
    } finally {
      clearInterval(timer);
      await client.end();
    }
    // About 30 ticks; none while PostgreSQL ran on this thread.
    expect(ticks).toBeGreaterThanOrEqual(15);
  });

  it('accepts a connection at once after the last one closed', async () => {
    for (let i = 0; i < 20; i += 1) {
      const client = await connect();
      expect((await client.query('SELECT $1::int AS i', [i])).rows).toEqual([{ i }]);
      await client.end();
    }
  });

  it('gives each connection a fresh session: no transaction, setting or lock left over', async () => {
    const first = await connect();
    await first.query('CREATE TABLE IF NOT EXISTS notes (body text)');
    const fresh = `SELECT current_setting('search_path') AS path,
      (SELECT count(*) FROM notes)::text AS notes,
      (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::text AS locks`;
    const { rows: before } = await first.query<Record<string, string>>(fresh);
    await first.query(`SET search_path TO nowhere, public`);
    await first.query('SELECT pg_advisory_lock(42)');
    await first.query('BEGIN');
    await first.query(`INSERT INTO notes VALUES ('uncommitted')`);
    await first.end();

    const second = await connect();
    try {
      const { rows: after } = await second.query<Record<string, string>>(fresh);
      expect(after).toEqual(before);
      expect(after[0]).toMatchObject({ notes: '0', locks: '0' });
    } finally {
      await second.end();
    }
  });
});
