import { ConfigError } from '../config/config.error';
import { loadConfig } from '../config/load-config';
import { readTracingConfig, type TracingConfig } from './tracing.config';

const read = (env: Record<string, string>): TracingConfig => readTracingConfig('api', env);

const refusal = (env: Record<string, string>): ConfigError => {
  try {
    read(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('readTracingConfig', () => {
  it('is off by default, and with the SDK disabled or the exporter none', () => {
    expect(read({})).toEqual({ enabled: false });
    expect(read({ OTEL_SERVICE_NAME: 'x', OTEL_TRACES_SAMPLER: 'always_on' })).toEqual({
      enabled: false,
    });
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(read({ ...endpoint, OTEL_SDK_DISABLED: 'true' })).toEqual({ enabled: false });
    expect(read({ ...endpoint, OTEL_TRACES_EXPORTER: 'none' })).toEqual({ enabled: false });
  });

  it('exports to <endpoint>/v1/traces, or to the traces endpoint as given, named after the service', () => {
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      enabled: true,
      serviceName: 'api',
      resourceAttributes: {},
      sampler: 'parentbased_always_on',
      ratio: 1,
      export: {
        kind: 'otlp',
        url: 'http://collector:4318/v1/traces',
        headers: {},
        timeoutMillis: 10_000,
      },
      batch: {
        scheduledDelayMillis: 5000,
        exportTimeoutMillis: 30_000,
        maxQueueSize: 2048,
        maxExportBatchSize: 512,
      },
    });
    const both = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/base/',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://tempo.example.com/otlp/traces',
    });
    expect(both).toMatchObject({ export: { url: 'https://tempo.example.com/otlp/traces' } });
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/base/' })).toMatchObject({
      export: { url: 'http://c:4318/base/v1/traces' },
    });
    // Said outright, otlp goes to the specification's default endpoint.
    expect(read({ OTEL_TRACES_EXPORTER: 'otlp' })).toMatchObject({
      export: { url: 'http://localhost:4318/v1/traces' },
    });
    expect(read({ OTEL_TRACES_EXPORTER: 'console' })).toMatchObject({
      enabled: true,
      export: { kind: 'console' },
    });
  });

  it('takes the service name, resource attributes, headers and timeout from the standard variables', () => {
    const config = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=staging,team=audio%20jobs',
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-scope=1',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-scope=2',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
    });
    expect(config).toMatchObject({
      serviceName: 'api',
      resourceAttributes: { 'deployment.environment.name': 'staging', team: 'audio jobs' },
      export: { headers: { authorization: 'Bearer abc', 'x-scope': '2' }, timeoutMillis: 2500 },
    });
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(
      read({ ...endpoint, OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes' }),
    ).toMatchObject({ serviceName: 'from-attributes' });
    expect(
      read({
        ...endpoint,
        OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes',
        OTEL_SERVICE_NAME: 'jobmill-api',
      }),
    ).toMatchObject({ serviceName: 'jobmill-api' });
  });

  it('takes the batch span processor settings, and the traces timeout over the general one', () => {
    const config = read({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '4000',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BSP_EXPORT_TIMEOUT: '1000',
      OTEL_BSP_MAX_QUEUE_SIZE: '256',
    });
    expect(config).toMatchObject({
      export: { timeoutMillis: 4000 },
      batch: {
        scheduledDelayMillis: 100,
        exportTimeoutMillis: 1000,
        maxQueueSize: 256,
        maxExportBatchSize: 256,
      },
    });
  });

  it('honours the samplers, with a ratio for the traceidratio ones', () => {
    const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' };
    expect(
      read({
        ...endpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }),
    ).toMatchObject({ sampler: 'parentbased_traceidratio', ratio: 0.25 });
    expect(read({ ...endpoint, OTEL_TRACES_SAMPLER: 'traceidratio' })).toMatchObject({ ratio: 1 });
    expect(read({ ...endpoint, OTEL_TRACES_SAMPLER: 'always_off' })).toMatchObject({
      sampler: 'always_off',
    });
    // The argument of a sampler that takes none is ignored, as the specification says.
    expect(
      read({ ...endpoint, OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: 'x' }),
    ).toMatchObject({ sampler: 'always_on' });
  });

  it.each([
    [{ OTEL_TRACES_SAMPLER: 'sometimes' }, 'OTEL_TRACES_SAMPLER', /one of always_on, always_off/],
    [
      { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' },
      'OTEL_TRACES_SAMPLER_ARG',
      /between 0 and 1/,
    ],
    [
      { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' },
      'OTEL_TRACES_SAMPLER_ARG',
      /got 'half'/,
    ],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT', /http:/],
    [
      { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://collector:4317' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      /http: or https:/,
    ],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL', /must be http\/json/],
    [
      { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf' },
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      /must be http\/json/,
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: 'authorization' }, 'OTEL_EXPORTER_OTLP_HEADERS', /key=value/],
    [{ OTEL_RESOURCE_ATTRIBUTES: 'a=%E0%A4%A' }, 'OTEL_RESOURCE_ATTRIBUTES', /key=value/],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER', /otlp, console, none/],
    [{ OTEL_EXPORTER_OTLP_TIMEOUT: '0' }, 'OTEL_EXPORTER_OTLP_TIMEOUT', /integer >= 1/],
    [{ OTEL_SDK_DISABLED: 'perhaps' }, 'OTEL_SDK_DISABLED', /boolean/],
    [{ OTEL_BSP_SCHEDULE_DELAY: 'soon' }, 'OTEL_BSP_SCHEDULE_DELAY', /integer >= 0/],
    [
      { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' },
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
      /between 1 and 100/,
    ],
  ])('refuses %j, naming %s', (env, variable, message) => {
    const error = refusal({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it('never echoes the headers it refuses (they may hold credentials)', () => {
    const error = refusal({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key',
    });
    expect(error.message).not.toContain('api-key');
  });

  it('stops start-up with one line naming the variable', () => {
    const lines: string[] = [];
    const exit = jest.fn((code: number): never => {
      throw new Error(`exit ${code}`);
    });
    expect(() =>
      loadConfig(() => read({ OTEL_TRACES_SAMPLER: 'sometimes' }), {
        stderr: (line) => lines.push(line),
        exit,
      }),
    ).toThrow('exit 1');
    expect(lines).toEqual([
      expect.stringMatching(/^Invalid configuration: OTEL_TRACES_SAMPLER must be one of/),
    ]);
  });
});
