import { ConfigError } from './config.error';

/** Where environment values come from: `process.env` in production, a plain object in tests. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Inclusive bounds for `env.int`. */
export interface IntRange {
  min?: number;
  max?: number;
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Typed readers over one environment source; each throws a ConfigError naming the variable. */
export interface EnvReader {
  /** A string; required when no default is given. An empty value counts as unset. */
  string(name: string, fallback?: string): string;
  /** An integer, optionally bounded (inclusive). */
  int(name: string, fallback?: number, range?: IntRange): number;
  /** A URL whose protocol is one of `protocols` (e.g. `['amqp', 'amqps']`); returned as given. */
  url(name: string, fallback: string | undefined, protocols: readonly string[]): string;
  /** A comma-separated list, items trimmed, empty items dropped. */
  list(name: string, fallback?: readonly string[]): string[];
  /** A boolean: true/false, 1/0, yes/no, on/off. */
  bool(name: string, fallback?: boolean): boolean;
  /** One of a fixed set of strings. */
  enum<const T extends string>(name: string, values: readonly T[], fallback?: NoInfer<T>): T;
}

/** Builds an EnvReader over `source`; the platform's `env` is this over `process.env`. */
export function createEnv(source: EnvSource): EnvReader {
  const raw = (name: string): string | undefined => {
    const value = source[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const required = <T>(name: string, fallback: T | undefined): T => {
    if (fallback === undefined) throw new ConfigError(`${name} is required but not set`, name);
    return fallback;
  };

  return {
    string: (name, fallback) => raw(name) ?? required(name, fallback),
    int: (name, fallback, range = {}) => {
      const value = raw(name);
      if (value === undefined) return required(name, fallback);
      return parseInteger(name, value, range);
    },
    url: (name, fallback, protocols) => {
      const value = raw(name) ?? required(name, fallback);
      return parseUrl(name, value, protocols);
    },
    list: (name, fallback) => {
      const value = raw(name);
      if (value === undefined) return [...required(name, fallback)];
      return value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    },
    bool: (name, fallback) => {
      const value = raw(name);
      if (value === undefined) return required(name, fallback);
      const word = value.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new ConfigError(`${name} must be a boolean (true/false), got '${value}'`, name);
    },
    enum: <const T extends string>(name: string, values: readonly T[], fallback?: T): T => {
      const value = raw(name);
      if (value === undefined) return required(name, fallback);
      const match = values.find((candidate) => candidate === value);
      if (match !== undefined) return match;
      throw new ConfigError(`${name} must be one of ${values.join(', ')}, got '${value}'`, name);
    },
  };
}

function parseInteger(name: string, value: string, { min, max }: IntRange): number {
  const n = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
  const ok =
    Number.isSafeInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max);
  if (ok) return n;
  throw new ConfigError(`${name} must be ${describeRange(min, max)}, got '${value}'`, name);
}

function describeRange(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `an integer between ${min} and ${max}`;
  if (min !== undefined) return `an integer >= ${min}`;
  if (max !== undefined) return `an integer <= ${max}`;
  return 'an integer';
}

function parseUrl(name: string, value: string, protocols: readonly string[]): string {
  const wanted = protocols.map((p) => (p.endsWith(':') ? p : `${p}:`).toLowerCase());
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    // The value may carry credentials, so it is not echoed back.
    throw new ConfigError(`${name} must be a valid URL (${wanted.join(' or ')})`, name);
  }
  if (wanted.length > 0 && !wanted.includes(url.protocol)) {
    throw new ConfigError(`${name} must use ${wanted.join(' or ')}, got '${url.protocol}'`, name);
  }
  return value;
}

/** The process's environment, for readers of standard variables that take an EnvSource. */
export const processEnv: EnvSource = process.env;

/** The environment readers over `process.env`: the only place the platform reads it. */
export const env: EnvReader = createEnv(processEnv);
