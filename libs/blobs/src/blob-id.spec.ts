import { isBlobId, shardSegments, toBlobId } from './blob-id';

const codeOf = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: unknown }).code;
  }
  return undefined;
};

describe('blob ids', () => {
  const id = '0F1E2D3C-4b5a-4978-8695-a4b3c2d1e0f9';

  it('accepts UUIDs and canonicalises them to lower case', () => {
    expect(isBlobId(id)).toBe(true);
    expect(toBlobId(id)).toBe(id.toLowerCase());
    expect(shardSegments(id)).toEqual(['0f', '1e', id.toLowerCase()]);
  });

  it.each([
    '',
    '../../etc/passwd',
    `${'0'.repeat(8)}-0000-0000-0000-00000000000/`,
    'a/b',
    `x${id}`,
    `${id}\n`,
  ])('refuses %j with a coded error', (bad) => {
    expect(isBlobId(bad)).toBe(false);
    expect(codeOf(() => toBlobId(bad))).toBe('BLOB_ID_INVALID');
  });
});
