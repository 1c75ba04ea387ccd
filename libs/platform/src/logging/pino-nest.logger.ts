import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Level } from 'pino';
import type { PlatformLogger } from './create-logger';

const NEST_TO_PINO: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's start-up chatter (one line per module and per route, some 50 in all) that would bury
 * the start-up banner: written at debug, so LOG_LEVEL=debug still shows it.
 */
const BOOTSTRAP_CONTEXTS: ReadonlySet<string> = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
  'NestMicroservice',
]);

/** Nest LoggerService adapter that sends Nest's own logs through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: PlatformLogger) {}

  /** Nest `log` maps to pino `info`. */
  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }

  /** Nest calls `error(message, stack?, context?)`. */
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  /** Nest `warn` maps to pino `warn`. */
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  /** Nest `debug` maps to pino `debug`. */
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  /** Nest `verbose` maps to pino `trace`. */
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }

  /** Nest `fatal` maps to pino `fatal`. */
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(nestLevel: LogLevel, message: unknown, params: unknown[]): void {
    const { context, stack, extra } = splitParams(
      params,
      nestLevel === 'error' || nestLevel === 'fatal',
    );
    const chatter = nestLevel === 'log' && context !== undefined && BOOTSTRAP_CONTEXTS.has(context);
    const level = chatter ? 'debug' : NEST_TO_PINO[nestLevel];
    if (!this.logger.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields['context'] = context;
    if (extra.length > 0) fields['extra'] = extra;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'string') {
      if (stack !== undefined) fields['err'] = { stack };
      this.logger[level](fields, message);
    } else {
      this.logger[level]({ ...fields, data: message });
    }
  }
}

/** Nest passes the context last and, for errors, a stack before it. */
function splitParams(
  params: unknown[],
  mayHaveStack: boolean,
): { context?: string; stack?: string; extra: unknown[] } {
  const rest = [...params];
  const last = rest[rest.length - 1];
  let context: string | undefined;
  if (typeof last === 'string' && !looksLikeStack(last)) {
    context = last;
    rest.pop();
  }
  const first = rest[0];
  let stack: string | undefined;
  if (mayHaveStack && typeof first === 'string' && (looksLikeStack(first) || rest.length === 1)) {
    stack = first;
    rest.shift();
  }
  return { context, stack, extra: rest.filter((p) => p !== undefined) };
}

function looksLikeStack(text: string): boolean {
  return /\n\s+at /.test(text);
}
