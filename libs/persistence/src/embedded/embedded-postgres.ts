import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DatabaseOptions } from '../data-source/database-options';
import { inspectDataDir, PGDATA } from './data-dir-layout';
import { type DataDirLock, lockDataDir } from './data-dir-lock';
import { InvalidDataDirError } from './invalid-data-dir.error';
import { EngineThread, EngineThreadError } from './engine-thread';
import { initialiseEngine } from './engine-initialiser';
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
  /** PostgreSQL's shared_buffers in MB (default 32): most of the engine's resident memory. */
  readonly sharedBuffersMb?: number;
}

/**
 * PGlite's own default is 128 MB, all of it resident from the start; 32 MB took 90 MB off the
 * idle process and did not slow a drain of 20,000 jobs (docs/embedded-postgres.md).
 */
export const DEFAULT_SHARED_BUFFERS_MB = 32;

/**
 * PostgreSQL running in this process (PGlite, on a thread of its own), served over the wire
 * protocol for pg and TypeORM.
 */
export interface EmbeddedPostgres {
  /** The data directory, absolute. */
  readonly dataDir: string;
  /** How this process's one DataSource reaches the engine (openDatabase takes it as it is). */
  databaseOptions(applicationName?: string): DatabaseOptions;
  /** Stops serving, shuts PostgreSQL down cleanly (data flushed to disk), releases the lock. */
  close(): Promise<void>;
}

/**
 * PGlite is one session, served to one connection at a time (see SerialWireServer): the data
 * source holds one connection, for good, and pipelines every caller's statements on it, so the
 * engine finds the next statement waiting (PipelinedConnectionPool). A transaction still has the
 * session to itself, and waiting for it is queueing, hence the long timeout.
 */
const POOL = { poolSize: 1, idleTimeoutMs: 0, connectTimeoutMs: 60_000, pipelined: true } as const;

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
    const address = listenAddressFor(dataDir);
    const engine = await startEngine(dataDir, address, options);
    logger?.info(
      `Embedded PostgreSQL (PGlite) ready in ${Date.now() - started} ms, data in ${dataDir}`,
    );
    return handle(dataDir, engine, connectionUrl(address, engine.port), lock);
  } catch (error) {
    await lock.release();
    throw error;
  }
}

async function startEngine(
  dataDir: string,
  address: ListenAddress,
  { logger, sharedBuffersMb = DEFAULT_SHARED_BUFFERS_MB }: EmbeddedPostgresOptions,
): Promise<EngineThread> {
  if ((await inspectDataDir(dataDir)) === 'empty') {
    logger?.info(`Initialising an embedded PostgreSQL database in ${dataDir}`);
    await initialiseEngine(dataDir);
  }
  const lost = (error: Error): void =>
    logger?.warn(`The embedded PostgreSQL engine stopped unasked (${error.message})`);
  try {
    return await EngineThread.start({ dataDir, address, sharedBuffersMb }, lost);
  } catch (error) {
    if (!(error instanceof EngineThreadError) || error.stage !== 'open') throw error;
    throw new InvalidDataDirError(dataDir, `PGlite cannot open ${PGDATA}/: ${error.message}`, {
      cause: error,
    });
  }
}

function handle(
  dataDir: string,
  engine: EngineThread,
  url: string,
  lock: DataDirLock,
): EmbeddedPostgres {
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    try {
      await engine.close();
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
