import { newId } from '../envelope/ids';
import { validateSubmission } from './contract-validator';

const uploadId = newId();
const vad = (then: unknown) => ({ type: 'detection.vad', input: { uploadId }, then });

describe('pipeline submissions (then)', () => {
  it('accepts detection.vad then processing.clips with only the step options', () => {
    const result = validateSubmission(
      vad([{ type: 'processing.clips', input: { options: { paddingMs: 100 } } }]),
    );
    expect(result.ok && result.value.then).toEqual([
      { type: 'processing.clips', input: { options: { paddingMs: 100 } } },
    ]);
  });

  it('gives a step without input an empty one', () => {
    const result = validateSubmission(vad([{ type: 'processing.clips' }]));
    expect(result.ok && result.value.then).toEqual([{ type: 'processing.clips', input: {} }]);
  });

  it('leaves a submission without then as it was', () => {
    const result = validateSubmission({ type: 'detection.vad', input: { uploadId } });
    expect(result.ok && 'then' in result.value).toBe(false);
  });

  it('refuses a pair whose first step cannot feed the next, naming the step', () => {
    const result = validateSubmission({
      type: 'processing.clips',
      input: { uploadId, segments: [] },
      then: [{ type: 'detection.vad' }],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe('PIPELINE_STEP_INCOMPATIBLE');
    expect(result.violations).toEqual([
      { path: '/then/0/type', message: 'cannot follow processing.clips' },
    ]);
    expect(result.message).toMatch(/detection\.vad step cannot follow processing\.clips/);
  });

  it('checks each pair along the chain, not only the first', () => {
    const result = validateSubmission(
      vad([{ type: 'processing.clips' }, { type: 'processing.clips' }]),
    );
    expect(!result.ok && [result.code, result.violations[0]?.path]).toEqual([
      'PIPELINE_STEP_INCOMPATIBLE',
      '/then/1/type',
    ]);
  });

  it('refuses an unknown step type', () => {
    const result = validateSubmission(vad([{ type: 'processing.nope' }]));
    expect(!result.ok && [result.code, result.violations[0]?.path]).toEqual([
      'UNKNOWN_TYPE',
      '/then/0/type',
    ]);
  });

  it('refuses what the previous step feeds when it is given in the step input', () => {
    const result = validateSubmission(
      vad([{ type: 'processing.clips', input: { segments: [{ start: 0, end: 1 }] } }]),
    );
    expect(!result.ok && result.code).toBe('INVALID_DATA');
    expect(!result.ok && result.violations).toEqual([
      {
        path: '/then/0/input/segments',
        message: "fed by the previous step (detection.vad's result.segments); leave it out",
      },
    ]);
  });

  it("checks a step's own options against its type's schema", () => {
    const result = validateSubmission(
      vad([{ type: 'processing.clips', input: { options: { sampleRate: 12345 }, extra: 1 } }]),
    );
    expect(!result.ok && result.code).toBe('INVALID_DATA');
    expect(!result.ok && result.violations.map((v) => v.path).sort()).toEqual([
      '/then/0/input',
      '/then/0/input/options/sampleRate',
    ]);
  });

  it('refuses an empty then, more than nine steps, and nested pipelines', () => {
    const pings = (n: number) => Array.from({ length: n }, () => ({ type: 'system.ping' }));
    const ping = (then: unknown) => ({ type: 'system.ping', input: {}, then });
    expect(validateSubmission(ping(pings(9))).ok).toBe(true);
    for (const body of [
      ping([]),
      ping(pings(10)),
      ping([{ type: 'system.ping', then: pings(1) }]),
    ]) {
      const result = validateSubmission(body);
      expect(!result.ok && result.code).toBe('INVALID_DATA');
    }
  });
});
