import { pino, type DestinationStream, type Logger } from 'pino';
import { env } from '../config/env.reader';
import { secretRedaction } from './secret-redaction';

/** The platform's logger type (pino). */
export type PlatformLogger = Logger;

/** Log levels accepted in LOG_LEVEL. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Options for createLogger; `level` overrides LOG_LEVEL, `destination` defaults to stdout. */
export interface CreateLoggerOptions {
  level?: (typeof LOG_LEVELS)[number];
  destination?: DestinationStream;
}

/**
 * A JSON logger whose every line carries `service`; level from LOG_LEVEL (default info). Secrets
 * never reach its output (secret-redaction.ts).
 */
export function createLogger(service: string, options: CreateLoggerOptions = {}): PlatformLogger {
  const level = options.level ?? env.enum('LOG_LEVEL', LOG_LEVELS, 'info');
  const settings = {
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    ...secretRedaction,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
