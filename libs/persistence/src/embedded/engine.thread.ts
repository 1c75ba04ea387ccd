// The embedded engine's own thread: PGlite and the wire server that serves it. PGlite runs
// PostgreSQL synchronously, so on the app's thread every statement held up HTTP, health probes
// and jobs while it ran: a VACUUM of the busy tables stopped the process for about 300 ms every
// 15 s at 1,000 jobs/s. Started by EngineThread on an initialised PGDATA; what it reports is an
// EngineReport.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { PGDATA } from './data-dir-layout';
import type { EngineReport, EngineStage, EngineThreadData } from './engine-thread.types';
import { SerialWireServer } from './serial-wire-server';

class StageError extends Error {
  constructor(
    readonly stage: EngineStage,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

const at = async <T>(stage: EngineStage, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw new StageError(stage, error);
  }
};

async function serve(port: MessagePort, data: EngineThreadData): Promise<void> {
  const report = (message: EngineReport): void => port.postMessage(message);
  const startParams = [
    ...PGlite.defaultStartParams,
    '-c',
    `shared_buffers=${data.sharedBuffersMb}MB`,
  ];
  const db = await at('open', () => PGlite.create(join(data.dataDir, PGDATA), { startParams }));
  const server = new SerialWireServer(db);
  try {
    // The host holds the data directory's lock, so a socket file left here is a crashed owner's.
    if ('path' in data.address) await rm(data.address.path, { force: true });
    report({ kind: 'listening', port: await server.listen(data.address) });
  } catch (error) {
    await db.close();
    throw new StageError('listen', error);
  }
  port.once('message', () => {
    // Ends the connection, rolling back a transaction it left open, before PGlite shuts down.
    void at('close', () => server.close().finally(() => db.close()))
      .then(() => report({ kind: 'closed' }), fail)
      .finally(() => port.close());
  });
}

function fail(error: unknown): void {
  const stage = error instanceof StageError ? error.stage : 'open';
  const reason = error instanceof Error ? error.message : String(error);
  parentPort?.postMessage({ kind: 'failed', stage, reason } satisfies EngineReport);
}

if (parentPort) serve(parentPort, workerData as EngineThreadData).catch(fail);
