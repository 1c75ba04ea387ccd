import { DEFAULT_VAD_OPTIONS, resolveVadOptions } from './vad-options';

describe('resolveVadOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveVadOptions()).toEqual({
      sensitivity: 0.9,
      minSpeechMs: 250,
      minSilenceMs: 300,
      paddingMs: 10,
    });
    expect(resolveVadOptions({ paddingMs: 0 })).toEqual({ ...DEFAULT_VAD_OPTIONS, paddingMs: 0 });
    expect(Object.isFrozen(DEFAULT_VAD_OPTIONS)).toBe(true);
  });

  it.each([
    [{ sensitivity: 1.5 }, /sensitivity must be a number in \[0, 1\]/],
    [{ sensitivity: Number.NaN }, /sensitivity/],
    [{ minSpeechMs: -1 }, /minSpeechMs/],
    [{ minSilenceMs: 10_001 }, /minSilenceMs/],
    [{ paddingMs: 2_001 }, /paddingMs/],
    [{ paddingMs: '5' as unknown as number }, /paddingMs/],
  ])('rejects %p with a permanent INVALID_VAD_OPTIONS error', (options, message) => {
    expect(() => resolveVadOptions(options)).toThrow(message);
    expect(() => resolveVadOptions(options)).toThrow(
      expect.objectContaining({
        code: 'INVALID_VAD_OPTIONS',
        kind: 'permanent',
        retryable: false,
      }) as Error,
    );
  });
});
