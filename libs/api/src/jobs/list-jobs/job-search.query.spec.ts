import { ProblemError } from '../../problems/problem.error';
import { parseJobSearch, type JobSearchParams } from './job-search.query';

const pathOf = (q: JobSearchParams): string | undefined => {
  try {
    parseJobSearch(q);
    return undefined;
  } catch (error) {
    if (!(error instanceof ProblemError) || error.code !== 'INVALID_QUERY') throw error;
    return error.errors[0]?.path;
  }
};

describe('parseJobSearch', () => {
  it('reads every filter, with defaults', () => {
    expect(parseJobSearch({})).toEqual({ limit: 20 });
    expect(
      parseJobSearch({
        status: 'FAILED',
        type: 'detection.vad',
        id: '0198F5A0-00',
        createdAfter: '2026-01-01T00:00:00Z',
        createdBefore: '2026-01-01T01:00:00Z',
        cursor: 'c',
        limit: '100',
      }),
    ).toEqual({
      status: 'FAILED',
      type: 'detection.vad',
      idPrefix: '0198F5A0-00',
      createdAfter: new Date('2026-01-01T00:00:00Z'),
      createdBefore: new Date('2026-01-01T01:00:00Z'),
      cursor: 'c',
      limit: 100,
    });
  });

  it('names the wrong parameter', () => {
    expect(pathOf({ status: 'DONE' })).toBe('/status');
    expect(pathOf({ limit: '0' })).toBe('/limit');
    expect(pathOf({ limit: '101' })).toBe('/limit');
    expect(pathOf({ id: 'abc' })).toBe('/id');
    expect(pathOf({ id: 'wxyz' })).toBe('/id');
    expect(pathOf({ id: '0'.repeat(33) })).toBe('/id');
    expect(pathOf({ createdAfter: '1700000000' })).toBe('/createdAfter');
    expect(pathOf({ createdBefore: '2026-13-45T00:00:00Z' })).toBe('/createdBefore');
    expect(
      pathOf({ createdAfter: '2026-01-01T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' }),
    ).toBe('/createdBefore');
  });
});
