import { constants } from 'node:os';
import type { PlatformLogger } from '../logging/create-logger';

/** Options for installShutdownGuard; `exit` is replaceable in tests. */
export interface ShutdownGuardOptions {
  logger: PlatformLogger;
  timeoutMs: number;
  signals?: readonly NodeJS.Signals[];
  exit?: (code: number) => void;
}

/**
 * Watches termination signals next to Nest's own shutdown hooks (which do the closing):
 * a second signal forces exit, and a shutdown still running after `timeoutMs` exits 1.
 * Returns a function that removes the listeners.
 */
export function installShutdownGuard(options: ShutdownGuardOptions): () => void {
  const { logger, timeoutMs, signals = ['SIGTERM', 'SIGINT'] } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let timer: NodeJS.Timeout | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (timer === undefined) {
      logger.info({ signal, timeoutMs }, 'shutdown requested, draining');
      // Deliberately not unref'd: a hang with no pending I/O must still end non-zero.
      timer = setTimeout(() => {
        logger.fatal({ timeoutMs }, 'shutdown did not finish in time, exiting');
        exit(1);
      }, timeoutMs);
      return;
    }
    logger.warn({ signal }, 'second signal during shutdown, forcing exit');
    exit(128 + (constants.signals[signal] ?? 1));
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    for (const signal of signals) process.removeListener(signal, onSignal);
  };
}
