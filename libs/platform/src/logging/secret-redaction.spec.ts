import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest.logger';
import { redactSecrets } from './secret-redaction';

const SECRETS = ['s3cr3t-amqp', 'pg-pa55', 'key-0123456789abcdef', 'admin-key-fedcba98', 'b4sic'];

function captured(): { text: () => string; destination: Writable } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return { text: () => chunks.join(''), destination };
}

describe('secrets in logs', () => {
  it('masks URL passwords, authorization values and secret settings in text, keeping the rest', () => {
    expect(redactSecrets('amqp://jobmill:s3cr3t-amqp@rabbit:5672/prod')).toBe(
      'amqp://jobmill:[redacted]@rabbit:5672/prod',
    );
    expect(redactSecrets('connect postgres://app:pg-pa55@db/jobmill failed')).toBe(
      'connect postgres://app:[redacted]@db/jobmill failed',
    );
    expect(redactSecrets('Authorization: BEARER key-0123456789abcdef')).toBe(
      'Authorization: BEARER [redacted]',
    );
    expect(
      redactSecrets('API_KEYS=acme:key-0123456789abcdef ADMIN_API_KEYS="admin-key-fedcba98"'),
    ).toBe('API_KEYS=[redacted] ADMIN_API_KEYS="[redacted]"');
    expect(redactSecrets('POST /v1/jobs?api_key=key-0123456789abcdef&x=1')).toBe(
      'POST /v1/jobs?api_key=[redacted]&x=1',
    );
    expect(redactSecrets('amqp://guest@127.0.0.1 and http://host/path?q=1')).toBe(
      'amqp://guest@127.0.0.1 and http://host/path?q=1',
    );
  });

  it('never writes a secret, whether in messages, fields, errors or through Nest', () => {
    const { text, destination } = captured();
    const logger = createLogger('api', { level: 'trace', destination });
    logger.info('Connecting to amqp://jobmill:s3cr3t-amqp@rabbit:5672');
    logger.warn({ databaseUrl: 'postgres://app:pg-pa55@db/jobmill' }, 'database settings');
    logger.info({ req: { headers: { authorization: 'Bearer key-0123456789abcdef' } } }, 'request');
    logger.info({ config: { apiKeys: ['admin-key-fedcba98'], password: 'pg-pa55' } }, 'config');
    logger.error(new Error('connect ECONNREFUSED amqp://u:s3cr3t-amqp@host'), 'broker down');
    const nest = new PinoNestLogger(logger);
    nest.error('GET /x failed', 'Error: Basic b4sic\n    at f (x.ts:1:1)', 'ExceptionsHandler');
    nest.warn({ headers: { 'x-api-key': 'key-0123456789abcdef' } }, 'Ctx');
    nest.log(new Error('API_KEYS=acme:key-0123456789abcdef is wrong'), 'Ctx');

    const out = text();
    for (const secret of SECRETS) expect(out).not.toContain(secret);
    // What is not secret stays, so that the lines are still worth reading.
    expect(out).toContain('amqp://jobmill:[redacted]@rabbit:5672');
    expect(out).toContain('postgres://app:[redacted]@db/jobmill');
    expect(out).toContain('ECONNREFUSED');
    expect(out.split('\n').filter(Boolean)).toHaveLength(8);
  });
});
