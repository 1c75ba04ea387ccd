import { requestHash, stableStringify } from './stable-hash';

describe('stable request hash', () => {
  it('ignores key order and undefined fields', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(requestHash({ type: 't', input: { a: 1, b: 2 } })).toBe(
      requestHash({ input: { b: 2, a: 1 }, type: 't' }),
    );
  });

  it('differs when a value differs', () => {
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
  });
});
