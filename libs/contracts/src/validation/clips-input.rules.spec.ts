import { createCommand } from '../envelope/message-factory';
import { newId } from '../envelope/ids';
import { CLIPS_LIMITS } from '../schemas/processing.schema';
import { validateCommand, validateSubmission } from './contract-validator';

const submission = (input: Record<string, unknown>) => ({ type: 'processing.clips', input });
const refused = (input: Record<string, unknown>) => {
  const result = validateSubmission(submission(input));
  return result.ok ? undefined : { code: result.code, violations: result.violations };
};

describe('processing.clips input', () => {
  const uploadId = newId();

  it('accepts segments in any order, options in range, and no segments at all', () => {
    const input = {
      uploadId,
      segments: [
        { start: 3, end: 4.5 },
        { start: 0, end: 1.25 },
      ],
      options: { paddingMs: 250, sampleRate: 16000 },
    };
    expect(validateSubmission(submission(input)).ok).toBe(true);
    expect(validateSubmission(submission({ uploadId, segments: [] })).ok).toBe(true);
  });

  it('refuses a segment that does not end after it starts, naming it', () => {
    const result = refused({
      uploadId,
      segments: [
        { start: 0, end: 1 },
        { start: 2, end: 2 },
        { start: 5, end: 4 },
      ],
    });
    expect(result?.code).toBe('INVALID_DATA');
    expect(result?.violations.map((v) => v.path)).toEqual([
      '/input/segments/1/end',
      '/input/segments/2/end',
    ]);
    expect(result?.violations[1]?.message).toMatch(/greater than start \(5\)/);
  });

  it.each([
    ['a negative start', { segments: [{ start: -0.1, end: 1 }] }, '/input/segments/0/start'],
    [
      'an end past the bound',
      { segments: [{ start: 0, end: CLIPS_LIMITS.maxSeconds + 1 }] },
      '/input/segments/0/end',
    ],
    ['a segment without end', { segments: [{ start: 0 }] }, '/input/segments/0'],
    ['a segment as a pair', { segments: [[0, 1]] }, '/input/segments/0'],
    ['no segments', {}, '/input'],
    [
      'padding past 10 s',
      { segments: [], options: { paddingMs: 10_001 } },
      '/input/options/paddingMs',
    ],
    [
      'an odd sample rate',
      { segments: [], options: { sampleRate: 11025 } },
      '/input/options/sampleRate',
    ],
    ['an unknown option', { segments: [], options: { gain: 2 } }, '/input/options'],
  ])('refuses %s', (_name, input, path) => {
    const result = refused({ uploadId, ...input });
    expect(result?.code).toBe('INVALID_DATA');
    expect(result?.violations.map((v) => v.path)).toContain(path);
  });

  it(`refuses more than ${CLIPS_LIMITS.maxSegments} segments`, () => {
    const segments = Array.from({ length: CLIPS_LIMITS.maxSegments + 1 }, (_, i) => ({
      start: i,
      end: i + 0.5,
    }));
    expect(refused({ uploadId, segments })?.violations[0]?.path).toBe('/input/segments');
    expect(validateSubmission(submission({ uploadId, segments: segments.slice(1) })).ok).toBe(true);
  });

  it('holds a command published by another system to the same rules', () => {
    const command = (segments: unknown[]) =>
      createCommand({
        jobId: newId(),
        jobType: 'processing.clips',
        data: { input: { uploadId, segments } as never },
        tenant: 'acme',
        source: '/test',
      });
    expect(validateCommand(command([{ start: 1, end: 2 }])).ok).toBe(true);
    const result = validateCommand(command([{ start: 2, end: 1 }]));
    expect(!result.ok && result.code).toBe('INVALID_DATA');
    expect(!result.ok && result.violations[0]?.path).toBe('/data/input/segments/0/end');
  });
});
