import {
  carriedTraceContext,
  isTracestate,
  traceContextOf,
  traceFieldsOf,
  withTraceContext,
} from './trace-context';

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('tracestate', () => {
  it.each([
    'rojo=00f067aa0ba902b7',
    'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE',
    'rojo=00f067aa0ba902b7 , congo=t61rcWkgMzE',
    'fw529a3039@dt=FW4RAEJvZmFiMTc0MWExOWI3',
    'dd=s:1;o:rum;t.dm:-1',
    ' a=1 ',
  ])('takes the W3C form %j', (value) => expect(isTracestate(value)).toBe(true));

  it.each([
    '',
    'a',
    '=1',
    'a=',
    'a= ',
    'Rojo=1',
    'a=1,,b=2',
    'a=x=y',
    'a=1\u0000',
    'a=ü',
    `a=${'x'.repeat(512)}`,
    Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(','),
  ])('refuses %j', (value) => expect(isTracestate(value)).toBe(false));
});

describe('trace context', () => {
  it('keeps a tracestate only beside a well-formed traceparent', () => {
    expect(traceContextOf(TRACEPARENT, 'a=1')).toEqual({
      traceparent: TRACEPARENT,
      tracestate: 'a=1',
    });
    expect(traceContextOf(TRACEPARENT, undefined)).toEqual({ traceparent: TRACEPARENT });
    expect(traceContextOf('not-a-traceparent', 'a=1')).toBeUndefined();
    expect(traceContextOf(undefined, 'a=1')).toBeUndefined();
  });

  it('drops a malformed tracestate, not the trace', () => {
    expect(traceContextOf(TRACEPARENT, 'Not Valid')).toEqual({ traceparent: TRACEPARENT });
  });

  it('spreads only what travels: nothing without a traceparent', () => {
    expect(traceFieldsOf({ traceparent: TRACEPARENT, tracestate: 'a=1' })).toEqual({
      traceparent: TRACEPARENT,
      tracestate: 'a=1',
    });
    expect(traceFieldsOf({ tracestate: 'a=1' })).toEqual({});
    expect(traceFieldsOf(undefined)).toEqual({});
  });

  it('reads the trace context an envelope or a row carries: none without a traceparent', () => {
    const row = { id: 'j', traceparent: TRACEPARENT, tracestate: 'a=1' };
    expect(carriedTraceContext(row)).toEqual({ traceparent: TRACEPARENT, tracestate: 'a=1' });
    expect(carriedTraceContext({ traceparent: TRACEPARENT })).toEqual({ traceparent: TRACEPARENT });
    expect(carriedTraceContext({ tracestate: 'a=1' })).toBeUndefined();
    expect(carriedTraceContext(undefined)).toBeUndefined();
  });

  it("replaces an envelope's whole trace context", () => {
    const envelope = { id: 'e', traceparent: 'old', tracestate: 'old=1' };
    expect(withTraceContext(envelope, { traceparent: TRACEPARENT })).toEqual({
      id: 'e',
      traceparent: TRACEPARENT,
    });
    expect(withTraceContext(envelope, { traceparent: TRACEPARENT, tracestate: 'a=1' })).toEqual({
      id: 'e',
      traceparent: TRACEPARENT,
      tracestate: 'a=1',
    });
  });
});
