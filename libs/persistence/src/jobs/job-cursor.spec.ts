import { decodeCursor, encodeCursor } from './job-cursor';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return undefined;
};

describe('job cursor', () => {
  const cursor = {
    createdAt: '2026-01-01T00:00:00.123Z',
    id: '8d3e3f4c-0b5d-4e7a-9d8e-0f1a2b3c4d5e',
  };

  it('round-trips through an opaque base64url token', () => {
    const token = encodeCursor(cursor);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(token)).toEqual(cursor);
  });

  it.each([
    ['not base64 json', 'garbage'],
    ['wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['bad id', Buffer.from('["2026-01-01T00:00:00.000Z","x"]').toString('base64url')],
    ['bad time', Buffer.from(`["yesterday","${cursor.id}"]`).toString('base64url')],
  ])('rejects %s with INVALID_CURSOR', (_label, token) => {
    expect(() => decodeCursor(token)).toThrow('Invalid cursor');
    expect(codeOf(() => decodeCursor(token))).toBe('INVALID_CURSOR');
  });
});
