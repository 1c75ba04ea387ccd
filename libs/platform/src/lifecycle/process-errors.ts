import type { PlatformLogger } from '../logging/create-logger';

/**
 * Logs unhandled rejections and uncaught exceptions as fatal, then exits 1: the process state
 * is unknown after either, and unacked messages are redelivered to a healthy instance.
 * Returns a function that removes the listeners.
 */
export function installProcessErrorHandlers(
  logger: PlatformLogger,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  const onRejection = (reason: unknown): void => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    exit(1);
  };
  const onException = (err: Error, origin: string): void => {
    logger.fatal({ err, origin }, 'uncaught exception');
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.removeListener('unhandledRejection', onRejection);
    process.removeListener('uncaughtException', onException);
  };
}
