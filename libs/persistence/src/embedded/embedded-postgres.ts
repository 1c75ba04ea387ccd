import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { DatabaseOptions } from '../data-source/database-options';
import { initialiseDataDir, inspectDataDir, PGDATA } from './data-dir-layout';
import { type DataDirLock, lockDataDir } from './data-dir-lock';
import { InvalidDataDirError } from './invalid-data-dir.error';
import { SerialWireServer } from './serial-wire-server';
import { connectionUrl, type ListenAddress, listenAddressFor } from './socket-address';

/** Where the embedded engine reports what it did (pino's loggers fit). */
export interface EmbeddedPostgresLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Options of openEmbeddedPostgres. */
export interface EmbeddedPostgresOptions {
  /** A folder the engine owns (created if missing): PGDATA, its lock and its socket. */
  readonly dataDir: string;
  readonly logger?: EmbeddedPostgresLogger;
}

/** PostgreSQL running in this process (PGlite), served over the wire protocol for pg and TypeORM. */
export interface EmbeddedPostgres {
  /** The data directory, absolute. */
  readonly dataDir: string;
  /** How this process's one DataSource reaches the engine (openDatabase takes it as it is). */
  databaseOptions(applicationName?: string): DatabaseOptions;
  /** Stops serving, shuts PostgreSQL down cleanly (data flushed to disk), releases the lock. */
  close(): Promise<void>;
}

/**
 * PGlite is one session, served to one connection at a time (see SerialWireServer): the pool
 * holds one connection, for good, and waiting for it is queueing, hence the long timeout.
 */
const POOL = { poolSize: 1, idleTimeoutMs: 0, connectTimeoutMs: 60_000 } as const;

/**
 * Opens (initialising on first use) the PostgreSQL data in `dataDir`, locked to this process,
 * and serves it on a Unix socket in that folder (or a loopback port when the path is too long).
 */
export async function openEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const { logger } = options;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDir(dataDir);
  try {
    if (lock.tookOverFrom !== undefined) {
      logger?.warn(`Took over ${dataDir} from process ${lock.tookOverFrom}, which is gone`);
    }
    const started = Date.now();
    const db = await startEngine(dataDir, logger);
    const served = await serve(db, dataDir).catch(async (error: unknown) => {
      await db.close();
      throw error;
    });
    logger?.info(
      `Embedded PostgreSQL (PGlite) ready in ${Date.now() - started} ms, data in ${dataDir}`,
    );
    return handle(dataDir, db, served.server, served.url, lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startEngine(dataDir: string, logger?: EmbeddedPostgresLogger): Promise<PGlite> {
  if ((await inspectDataDir(dataDir)) === 'empty') {
    logger?.info(`Initialising an embedded PostgreSQL database in ${dataDir}`);
    await initialiseDataDir(dataDir, async (draft) => (await PGlite.create(draft)).close());
  }
  try {
    return await PGlite.create(join(dataDir, PGDATA));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidDataDirError(dataDir, `PGlite cannot open ${PGDATA}/: ${reason}`, {
      cause: error,
    });
  }
}

async function serve(
  db: PGlite,
  dataDir: string,
): Promise<{ server: SerialWireServer; url: string }> {
  const address: ListenAddress = listenAddressFor(dataDir);
  // We hold the lock, so a socket file left here is a crashed owner's.
  if ('path' in address) await rm(address.path, { force: true });
  const server = new SerialWireServer(db);
  const port = await server.listen(address);
  return { server, url: connectionUrl(address, port) };
}

function handle(
  dataDir: string,
  db: PGlite,
  server: SerialWireServer,
  url: string,
  lock: DataDirLock,
): EmbeddedPostgres {
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      // Ends the connection, rolling back a transaction it left open, before PGlite shuts down.
      await server.close();
      await db.close();
    } finally {
      await lock.release();
    }
  };
  return {
    dataDir,
    databaseOptions: (applicationName) => ({
      url,
      ...POOL,
      ...(applicationName === undefined ? {} : { applicationName }),
    }),
    close: () => (closing ??= close()),
  };
}
