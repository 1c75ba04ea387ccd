import { createRequire } from 'node:module';
import { arrayParam, sqlParams } from './array-param';

// pg's own conversion is the reference: the text must be exactly what pg would have sent.
const { prepareValue } = createRequire(__filename)('pg/lib/utils') as {
  prepareValue: (value: unknown) => unknown;
};
const pgText = (values: unknown[]): unknown => prepareValue(values);

describe('arrayParam', () => {
  it.each([
    ['ids', ['0f8b5a4e-6c1d-4f7a-9b2e-3d4c5b6a7f80', '1e9c6b5f-7d2e-4a8b-8c3f-4e5d6c7b8a91']],
    ['numbers', [1, 0, -3, 2.5, 1e21]],
    ['times', ['2026-12-05T16:00:00.000Z', '2026-12-05T16:00:00.001Z']],
    ['nulls among them', ['a', null, undefined, 7]],
    ['quotes and backslashes', ['{"a":"b\\"c"}', 'C:\\dir', '"', '\\', 'plain']],
    ['empty strings and NULL as text', ['', 'NULL', ' ', ',', '{}']],
    ['non-ASCII', ['dé', '音', '😀']],
    ['one element', ['only']],
    ['no element', []],
  ])('builds the text pg would send for %s', (_name, values) => {
    expect(arrayParam(values)).toBe(pgText(values));
  });

  it.each([
    ['dates', [new Date(0)]],
    ['booleans', [true, false]],
    ['nested arrays', [[1, 2]]],
    ['objects', [{ a: 1 }]],
    ['buffers', [Buffer.from('ab')]],
    ['non-finite numbers', [Number.NaN, 1]],
    ['bigints', [1n]],
  ])('leaves %s to pg', (_name, values) => {
    expect(arrayParam(values)).toBe(values);
  });

  it('turns only the arrays of a statement’s parameters', () => {
    const when = new Date(0);
    expect(sqlParams([['a', 'b'], 'x', 3, null, when, [when]])).toEqual([
      '{"a","b"}',
      'x',
      3,
      null,
      when,
      [when],
    ]);
  });
});
