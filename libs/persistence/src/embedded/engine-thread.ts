import { once } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EngineReport, EngineStage, EngineThreadData } from './engine-thread.types';

// .js when built; .ts under the test runner, which the thread then compiles the same way.
const THREAD_FILE = path.join(__dirname, `engine.thread${path.extname(__filename)}`);
const THREAD_EXEC_ARGV = THREAD_FILE.endsWith('.ts') ? ['--require', '@swc-node/register'] : [];
/** How long a closed engine's thread may take to end before it is ended. */
const EXIT_GRACE_MS = 5_000;

/** Why the engine's thread could not create, open, serve or close the data, or ended. */
export class EngineThreadError extends Error {
  override readonly name = 'EngineThreadError';

  constructor(
    readonly stage: EngineStage | 'thread',
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * The embedded engine (PGlite and its wire server) on a thread of its own (engine.thread.ts):
 * started serving on its address, closed once, after which its data is on disk.
 */
export class EngineThread {
  private closing: Promise<void> | undefined;
  /** The thread is gone: a close then has nothing to ask and no answer to wait for. */
  private ended = false;

  private constructor(
    private readonly worker: Worker,
    /** The TCP port bound, 0 on a Unix socket. */
    readonly port: number,
  ) {}

  /** Starts the thread; resolves once it serves, rejects with EngineThreadError if it cannot. */
  static async start(
    data: EngineThreadData,
    onLost: (error: Error) => void,
  ): Promise<EngineThread> {
    const worker = new Worker(THREAD_FILE, { workerData: data, execArgv: THREAD_EXEC_ARGV });
    try {
      const report = await nextReport(worker);
      if (report.kind !== 'listening') throw unexpected(report);
      const thread = new EngineThread(worker, report.port);
      // Past start-up the thread only ends when closed: anything else loses the database.
      worker.on('error', (error) => onLost(new EngineThreadError('thread', error.message)));
      worker.once('exit', (code) => {
        thread.ended = true;
        if (!thread.closing) onLost(new EngineThreadError('thread', `ended with code ${code}`));
      });
      return thread;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
  }

  /** Stops serving and shuts PostgreSQL down cleanly (data flushed to disk); ends the thread. */
  close(): Promise<void> {
    return (this.closing ??= this.stop());
  }

  private async stop(): Promise<void> {
    if (this.ended) return;
    const exited = once(this.worker, 'exit');
    this.worker.postMessage('close');
    const report = await nextReport(this.worker);
    // Closed means flushed: a thread that then lingers is ended rather than waited for.
    const lingering = setTimeout(() => void this.worker.terminate(), EXIT_GRACE_MS);
    await exited.finally(() => clearTimeout(lingering));
    if (report.kind !== 'closed') throw unexpected(report);
  }
}

/** The thread's next report; an error or exit before it is an EngineThreadError. */
function nextReport(worker: Worker): Promise<EngineReport> {
  return new Promise((resolve, reject) => {
    const answered = (report: EngineReport): void => {
      done();
      resolve(report);
    };
    const failed = (error: Error): void => {
      done();
      reject(new EngineThreadError('thread', error.message));
    };
    const exited = (code: number): void => {
      done();
      reject(new EngineThreadError('thread', `ended with code ${code} before it answered`));
    };
    const done = (): void => {
      worker.off('message', answered);
      worker.off('error', failed);
      worker.off('exit', exited);
    };
    worker.once('message', answered);
    worker.once('error', failed);
    worker.once('exit', exited);
  });
}

function unexpected(report: EngineReport): EngineThreadError {
  return report.kind === 'failed'
    ? new EngineThreadError(report.stage, report.reason)
    : new EngineThreadError('thread', `answered ${report.kind} out of turn`);
}
