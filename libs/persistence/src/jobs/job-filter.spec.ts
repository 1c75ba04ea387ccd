import { idPrefixDigits, idPrefixRange } from './job-filter';

describe('id prefixes', () => {
  it('reads 4 to 32 hex digits, hyphens aside, in any case', () => {
    expect(idPrefixDigits('0198')).toBe('0198');
    expect(idPrefixDigits('0198F5A0-00')).toBe('0198f5a000');
    expect(idPrefixDigits('019')).toBeUndefined();
    expect(idPrefixDigits('0198g')).toBeUndefined();
    expect(idPrefixDigits('0'.repeat(33))).toBeUndefined();
  });

  it('is the range of uuids starting with it', () => {
    expect(idPrefixRange('0198f5a0-7')).toEqual([
      '0198f5a0-7000-0000-0000-000000000000',
      '0198f5a0-7fff-ffff-ffff-ffffffffffff',
    ]);
    const id = '0198f5a0-0000-7000-8000-000000000001';
    expect(idPrefixRange(id)).toEqual([id, id]);
    expect(() => idPrefixRange('xyz')).toThrow(RangeError);
  });
});
