import { describeError, stackOf, type TransportLogger } from '../connection/transport.logger';
import type { HandlerOutcome } from './consumer.types';

/** Runs a handler; a throw or rejection is logged and becomes a requeue, never a crash. */
export async function runHandler<T extends HandlerOutcome | readonly HandlerOutcome[]>(
  call: () => Promise<T>,
  fallback: (reason: string) => T,
  logger: TransportLogger,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const reason = `handler failed: ${describeError(error)}`;
    logger.error(reason, stackOf(error));
    return fallback(reason);
  }
}
