import type { LoggerOptions } from 'pino';

/** What a secret is replaced with in the logs. */
export const REDACTED = '[redacted]';

/** Structured fields that hold secrets (pino redact paths; the hook below catches any depth). */
export const SECRET_PATHS = [
  'authorization',
  'apiKey',
  'apiKeys',
  'adminKeys',
  'password',
  'secret',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.authorization',
  '*.apiKey',
  '*.apiKeys',
  '*.adminKeys',
  '*.password',
  '*.secret',
];

// Field names whose value is a secret at any depth (headers, configs, Nest's `data`).
const SECRET_KEY =
  /^(authorization|x-api-key|cookie|api[-_]?keys?|admin[-_]?(api[-_]?)?keys|password|secret|token)$/i;

// user:password@ in any URL (amqp://, postgres://, https://...): the user stays, the password goes.
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi;
// Authorization header values: `Bearer <key>`, `Basic <credentials>`, in any case.
const AUTH_SCHEME = /\b(bearer|basic)\s+[\w.~+/=-]+/gi;
// KEY=value settings as they appear in an environment dump, an error message or a query string
// (`?api_key=...`): API keys, passwords, secrets and access tokens, in any case.
const SECRET_SETTING =
  /\b((?:admin[_-]?)?api[_-]?keys?|apikey|access[_-]?token|[a-z_]*(?:password|secret))(\s*[=:]\s*)("?)[^\s",;&]+/gi;

/** `text` with passwords in URLs, authorization values and secret settings replaced. */
export function redactSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, `$1:${REDACTED}@`)
    .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
    .replace(SECRET_SETTING, `$1$2$3${REDACTED}`);
}

/** A copy of `value` with every string redacted (objects and arrays to a bounded depth). */
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 4 || typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) {
    const copy = new Error(redactSecrets(value.message));
    copy.name = value.name;
    copy.stack = value.stack === undefined ? undefined : redactSecrets(value.stack);
    return Object.assign(copy, redactDeep({ ...value }, depth + 1));
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_KEY.test(k) ? REDACTED : redactDeep(v, depth + 1),
    ]),
  );
}

/**
 * The pino options that keep secrets out of every line: known fields are censored by path, and
 * every message, error and string field is scrubbed of URL passwords, bearer keys and secret
 * settings, whoever wrote it (our code, Nest, amqplib's or pg's error messages).
 */
export const secretRedaction: Pick<LoggerOptions, 'redact' | 'hooks'> = {
  redact: { paths: SECRET_PATHS, censor: REDACTED },
  hooks: {
    logMethod(args, method) {
      method.apply(this, args.map((arg) => redactDeep(arg)) as Parameters<typeof method>);
    },
  },
};
