import { ConfigError } from './config.error';
import { createEnv } from './env.reader';
import { isConfigError, loadConfig } from './load-config';

const thrown = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('createEnv', () => {
  const env = createEnv({
    PORT: '8080',
    BAD_PORT: 'abc',
    HUGE: '70000',
    EMPTY: '  ',
    AMQP_URL: 'amqp://guest:guest@localhost:5672',
    HTTP_URL: 'http://secret@x',
    KEYS: ' a:1, ,b:2 ',
    FLAG: 'YES',
    NOT_FLAG: 'maybe',
    LEVEL: 'debug',
  });

  it('reads strings, treating empty values as unset', () => {
    expect(env.string('PORT')).toBe('8080');
    expect(env.string('EMPTY', 'dflt')).toBe('dflt');
    expect(thrown(() => env.string('MISSING'))).toMatchObject({
      code: 'CONFIG_INVALID',
      variable: 'MISSING',
      message: 'MISSING is required but not set',
    });
  });

  it('reads bounded integers and names the variable when one is wrong', () => {
    expect(env.int('PORT', 3000, { min: 1, max: 65535 })).toBe(8080);
    expect(env.int('NOPE', 3000)).toBe(3000);
    expect(thrown(() => env.int('BAD_PORT', 3000, { min: 1, max: 65535 })).message).toBe(
      "BAD_PORT must be an integer between 1 and 65535, got 'abc'",
    );
    expect(thrown(() => env.int('HUGE', 1, { max: 65535 })).message).toBe(
      "HUGE must be an integer <= 65535, got '70000'",
    );
    expect(thrown(() => env.int('KEYS')).variable).toBe('KEYS');
  });

  it('checks URL protocols without echoing credentials', () => {
    expect(env.url('AMQP_URL', undefined, ['amqp', 'amqps:'])).toBe(
      'amqp://guest:guest@localhost:5672',
    );
    expect(env.url('NOPE', 'amqp://h', ['amqp'])).toBe('amqp://h');
    expect(thrown(() => env.url('HTTP_URL', undefined, ['amqp'])).message).toBe(
      "HTTP_URL must use amqp:, got 'http:'",
    );
    const invalid = thrown(() => env.url('BAD_PORT', undefined, ['amqp']));
    expect(invalid.message).toBe('BAD_PORT must be a valid URL (amqp:)');
  });

  it('reads lists, booleans and enums', () => {
    expect(env.list('KEYS')).toEqual(['a:1', 'b:2']);
    expect(env.list('NOPE', ['x'])).toEqual(['x']);
    expect(env.bool('FLAG')).toBe(true);
    expect(env.bool('NOPE', false)).toBe(false);
    expect(thrown(() => env.bool('NOT_FLAG', true)).message).toBe(
      "NOT_FLAG must be a boolean (true/false), got 'maybe'",
    );
    expect(env.enum('LEVEL', ['info', 'debug'], 'info')).toBe('debug');
    expect(thrown(() => env.enum('FLAG', ['info', 'debug'])).message).toBe(
      "FLAG must be one of info, debug, got 'YES'",
    );
  });
});

describe('loadConfig', () => {
  const io = () => {
    const lines: string[] = [];
    const exit = jest.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    return { lines, exit, io: { stderr: (line: string) => lines.push(line), exit } };
  };

  it('returns what read() returns', () => {
    const t = io();
    expect(loadConfig(() => ({ port: 1 }), t.io)).toEqual({ port: 1 });
    expect(t.exit).not.toHaveBeenCalled();
  });

  it('prints one line and exits 1 on a ConfigError', () => {
    const t = io();
    const read = () => createEnv({ PORT: 'x' }).int('PORT', 1, { min: 1, max: 2 });
    expect(() => loadConfig(read, t.io)).toThrow('exit 1');
    expect(t.lines).toEqual([
      "Invalid configuration: PORT must be an integer between 1 and 2, got 'x'",
    ]);
  });

  it('rethrows anything else', () => {
    const t = io();
    expect(() =>
      loadConfig(() => {
        throw new TypeError('bug');
      }, t.io),
    ).toThrow('bug');
    expect(t.exit).not.toHaveBeenCalled();
    expect(isConfigError(new Error('x'))).toBe(false);
  });
});
