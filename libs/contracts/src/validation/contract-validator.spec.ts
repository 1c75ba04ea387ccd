import Ajv from 'ajv';
import { createCommand, eventFor } from '../envelope/message-factory';
import { newId } from '../envelope/ids';
import {
  parseJson,
  validateCommand,
  validateEvent,
  validateSubmission,
} from './contract-validator';

const command = () =>
  createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId(), options: { sensitivity: 0.6 } } },
    tenant: 'acme',
    source: '/test',
  });

describe('contract validation', () => {
  it('accepts a command built by the factory and decodes its job type and version', () => {
    const result = validateCommand(command());
    expect(result.ok && result.value.jobType).toBe('detection.vad');
    expect(result.ok && result.value.version).toBe(1);
  });

  it('compiles each schema once, not once per message', () => {
    validateCommand(command());
    validateEvent(eventFor(command(), 'started', { jobType: 'detection.vad', worker: 'w' }, '/t'));
    const compile = jest.spyOn(Ajv.prototype, 'compile');
    try {
      for (let i = 0; i < 50; i++) {
        expect(validateCommand(command()).ok).toBe(true);
        validateEvent(
          eventFor(command(), 'started', { jobType: 'detection.vad', worker: 'w' }, '/t'),
        );
      }
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
  });

  it('names the failing field of an invalid command', () => {
    const bad = { ...command(), data: { input: { uploadId: 'nope' } } };
    const result = validateCommand(bad);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('INVALID_DATA');
    expect(!result.ok && result.violations[0]?.path).toBe('/data/input/uploadId');
  });

  it('tells an unknown type from an unsupported version from a broken envelope', () => {
    const c = command();
    const codeOf = (v: unknown) => {
      const r = validateCommand(v);
      return r.ok ? 'ok' : r.code;
    };
    expect(codeOf({ ...c, type: 'io.jobmill.nope.vad.requested.v1' })).toBe('UNKNOWN_TYPE');
    expect(codeOf({ ...c, type: 'io.jobmill.detection.vad.requested.v9' })).toBe(
      'UNSUPPORTED_VERSION',
    );
    expect(codeOf({ ...c, specversion: '0.3' })).toBe('INVALID_ENVELOPE');
    expect(codeOf({ ...c, tenant: 'has.dot' })).toBe('INVALID_ENVELOPE');
  });

  it("takes a well-formed tracestate and refuses a malformed one as the envelope's fault", () => {
    const c = {
      ...command(),
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    };
    const codeOf = (tracestate: unknown) => {
      const r = validateCommand({ ...c, tracestate });
      return r.ok ? 'ok' : r.code;
    };
    expect(codeOf('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE')).toBe('ok');
    expect(codeOf('Rojo=1')).toBe('INVALID_ENVELOPE');
    expect(codeOf('a=1\n')).toBe('INVALID_ENVELOPE');
    expect(codeOf(`a=${'x'.repeat(600)}`)).toBe('INVALID_ENVELOPE');
    expect(codeOf(7)).toBe('INVALID_ENVELOPE');
  });

  it('refuses a tracestate without the traceparent it qualifies, and says which is missing', () => {
    const r = validateCommand({ ...command(), tracestate: 'rojo=00f067aa0ba902b7' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('INVALID_ENVELOPE');
    expect(r.violations.map((v) => v.message)).toEqual([expect.stringContaining('traceparent')]);
  });

  it('validates events caused by a command and keeps its ids', () => {
    const c = command();
    const event = eventFor(
      c,
      'succeeded',
      { jobType: 'detection.vad', result: { segments: [] } },
      '/test',
    );
    expect(event.causationid).toBe(c.id);
    expect(validateEvent(event).ok).toBe(true);
    expect(
      validateEvent({
        ...event,
        data: { jobType: 'x', progress: 2 },
        type: 'io.jobmill.job.progress.v1',
      }).ok,
    ).toBe(false);
  });

  it('checks a submission input with the job type schema', () => {
    expect(validateSubmission({ type: 'detection.vad', input: { uploadId: newId() } }).ok).toBe(
      true,
    );
    const unknown = validateSubmission({ type: 'detection.nope', input: {} });
    expect(!unknown.ok && unknown.code).toBe('UNKNOWN_TYPE');
    const extra = validateSubmission({ type: 'detection.vad', input: { uploadId: newId(), x: 1 } });
    expect(!extra.ok && extra.violations[0]?.message).toBe("unknown property 'x'");
  });

  it('reports malformed JSON instead of throwing', () => {
    const result = parseJson('{nope');
    expect(!result.ok && result.code).toBe('INVALID_JSON');
  });
});
