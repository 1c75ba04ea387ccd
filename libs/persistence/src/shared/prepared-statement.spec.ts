import { prepared } from './prepared-statement';

describe('prepared', () => {
  it('names a statement after its text: the same text the same name, another text another', () => {
    const a = prepared('SELECT 1');
    expect(prepared('SELECT 1')).toEqual(a);
    expect(prepared('SELECT 2').name).not.toBe(a.name);
    expect(a.text).toBe('SELECT 1');
  });

  it('gives names PostgreSQL keeps whole (at most 63 bytes, no quoting needed)', () => {
    expect(prepared('SELECT $1::int').name).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
  });
});
