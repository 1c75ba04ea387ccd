import { Logger } from '@nestjs/common';

/** The few logging calls this library makes; Nest's `Logger` fits, so does pino. */
export interface TransportLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

/** The default logger: Nest's, under a context naming the component. */
export const defaultLogger = (context: string): TransportLogger => new Logger(context);

/** The stack of an unknown thrown value, for logging. */
export const stackOf = (error: unknown): string | undefined =>
  error instanceof Error ? error.stack : undefined;

/** A one-line description of an unknown thrown value. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
