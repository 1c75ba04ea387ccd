import { createCommand, eventFor, startedEventOf } from './message-factory';

describe('startedEventOf', () => {
  it('rebuilds the job.started of the attempt an outcome ended, from its recorded part', () => {
    const command = {
      ...createCommand({
        jobId: '6f1c8a52-3d0e-4f7b-9a51-2c4d8e9f0a1b',
        jobType: 'system.ping',
        data: { input: {} },
        tenant: 'acme',
        source: '/jobmill/api',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        tracestate: 'vendor=1',
      }),
      attempt: 2,
    };
    const source = '/jobmill/detection-worker';
    const started = eventFor(command, 'started', { jobType: 'system.ping', worker: 'w-7' }, source);
    const succeeded = eventFor(
      command,
      'succeeded',
      { jobType: 'system.ping', result: {} },
      source,
    );
    const rebuilt = startedEventOf(succeeded, {
      id: started.id,
      time: started.time,
      worker: 'w-7',
    });
    expect(rebuilt).toEqual(started);
    expect(rebuilt.tracestate).toBe('vendor=1');
  });
});

describe('trace context of commands and events', () => {
  const spec = {
    jobId: '6f1c8a52-3d0e-4f7b-9a51-2c4d8e9f0a1b',
    jobType: 'system.ping' as const,
    data: { input: {} },
    tenant: 'acme',
    source: '/test',
  };
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

  it('carries the tracestate with the traceparent from the command to its events', () => {
    const command = createCommand({ ...spec, traceparent, tracestate: 'rojo=1,congo=2' });
    expect(command).toMatchObject({ traceparent, tracestate: 'rojo=1,congo=2' });
    const event = eventFor(command, 'started', { jobType: 'system.ping', worker: 'w' }, '/w');
    expect(event).toMatchObject({ traceparent, tracestate: 'rojo=1,congo=2' });
  });

  it('keeps no tracestate without a traceparent', () => {
    const command = createCommand({ ...spec, tracestate: 'rojo=1' });
    expect(command).not.toHaveProperty('traceparent');
    expect(command).not.toHaveProperty('tracestate');
  });
});
