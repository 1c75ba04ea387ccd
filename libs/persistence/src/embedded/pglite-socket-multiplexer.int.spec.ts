import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { Client } from 'pg';

// Why SerialWireServer serves one connection at a time: pglite-socket's own server, given more
// than one connection, queues each protocol message on its own, so two connections' extended-
// protocol exchanges (Parse, Bind, Execute, Sync) mix on PGlite's one session. Should this start
// to fail, pglite-socket has fixed that, and more than one connection may be worth a look.
describe("pglite-socket's multiplexer (maxConnections > 1)", () => {
  let dir: string;
  let db: PGlite;
  let server: PGLiteSocketServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jm-mux-'));
    db = await PGlite.create();
    server = new PGLiteSocketServer({ db, path: join(dir, '.s.PGSQL.5432'), maxConnections: 2 });
    await server.start();
    for (let i = 0; i < 2; i += 1) {
      const client = new Client({ host: dir, user: 'postgres', database: 'postgres' });
      client.on('error', () => undefined);
      await client.connect();
      clients.push(client);
    }
  });

  afterAll(async () => {
    await Promise.allSettled(clients.map((c) => c.end()));
    await server?.stop();
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("binds one connection's parameters to the other's statement", async () => {
    const [big, small] = clients as [Client, Client];
    // A megabyte of parameters arrives in several socket reads; the other's messages get between.
    const text = 'x'.repeat(1_000_000);
    let done = false;
    const errors: string[] = [];
    const bigQueries = (async () => {
      for (let i = 0; i < 10; i += 1) {
        await big
          .query('SELECT length($1::text) AS n, $2::int AS i', [text, i])
          .catch((e: Error) => errors.push(e.message));
      }
      done = true;
    })();
    const smallQueries = (async () => {
      for (let i = 0; !done; i += 1) {
        await small.query('SELECT $1::int + 1 AS a', [i]).catch(() => undefined);
      }
    })();
    await Promise.all([bigQueries, smallQueries]);
    expect(errors).toContain(
      'bind message supplies 2 parameters, but prepared statement "" requires 1',
    );
  });
});
