import { Writable } from 'node:stream';
import { createLogger } from './create-logger';
import { PinoNestLogger } from './pino-nest.logger';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, destination };
}

describe('PinoNestLogger', () => {
  it('maps Nest levels and context onto pino lines carrying the service', () => {
    const { lines, destination } = capture();
    const nest = new PinoNestLogger(createLogger('api', { level: 'trace', destination }));
    nest.log('Mapped route', 'RouterExplorer');
    nest.log('Ready', 'Bootstrap');
    nest.verbose('detail', 'Ctx');
    nest.warn({ some: 'object' }, 'Ctx');
    expect(lines).toEqual([
      // Start-up chatter goes to debug, out of the way of the banner.
      expect.objectContaining({
        level: 'debug',
        service: 'api',
        context: 'RouterExplorer',
        msg: 'Mapped route',
      }),
      expect.objectContaining({ level: 'info', context: 'Bootstrap', msg: 'Ready' }),
      expect.objectContaining({ level: 'trace', context: 'Ctx', msg: 'detail' }),
      expect.objectContaining({ level: 'warn', context: 'Ctx', data: { some: 'object' } }),
    ]);
  });

  it('keeps the stack Nest passes with errors, and Error objects as err', () => {
    const { lines, destination } = capture();
    const nest = new PinoNestLogger(createLogger('api', { level: 'info', destination }));
    nest.error('boom', 'Error: boom\n    at x (y.ts:1:1)', 'ExceptionsHandler');
    nest.error(new Error('bad'), 'Ctx');
    nest.debug('hidden below info');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'error', context: 'ExceptionsHandler', msg: 'boom' });
    expect((lines[0]?.['err'] as { stack: string }).stack).toContain('at x');
    expect(lines[1]).toMatchObject({
      level: 'error',
      context: 'Ctx',
      msg: 'bad',
      err: { message: 'bad' },
    });
  });
});
