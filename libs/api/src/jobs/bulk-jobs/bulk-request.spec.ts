import { ProblemError } from '../../problems/problem.error';
import { BULK_LIMIT, parseBulkRequest } from './bulk-request';

const ID = '0198f5a0-0000-7000-8000-000000000001';

const problemOf = (body: unknown): ProblemError => {
  try {
    parseBulkRequest(body);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('accepted');
};

describe('parseBulkRequest', () => {
  it('narrows the filter to the statuses the action applies to', () => {
    expect(parseBulkRequest({ action: 'cancel' })).toEqual({
      action: 'cancel',
      filter: { statuses: ['PENDING', 'QUEUED', 'RUNNING', 'RETRYING'] },
      dryRun: false,
    });
    expect(parseBulkRequest({ action: 'cancel', filter: { status: 'QUEUED' } }).filter).toEqual({
      statuses: ['QUEUED'],
    });
    // A status the action never applies to matches nothing, rather than everything.
    expect(parseBulkRequest({ action: 'retry', filter: { status: 'QUEUED' } }).filter).toEqual({
      statuses: [],
    });
  });

  it('takes type, ids (lower-cased), a time range and dryRun', () => {
    const request = parseBulkRequest({
      action: 'retry',
      dryRun: true,
      filter: {
        type: 'system.ping',
        ids: [ID.toUpperCase()],
        createdAfter: '2026-01-01T00:00:00Z',
        createdBefore: '2026-01-02T00:00:00.000+01:00',
      },
    });
    expect(request).toEqual({
      action: 'retry',
      dryRun: true,
      filter: {
        statuses: ['FAILED'],
        type: 'system.ping',
        ids: [ID],
        createdAfter: new Date('2026-01-01T00:00:00Z'),
        createdBefore: new Date('2026-01-01T23:00:00Z'),
      },
    });
  });

  it('refuses bad bodies with the path of the field', () => {
    const cases: Array<[unknown, string, string]> = [
      [null, '', 'INVALID_BODY'],
      [{ action: 'delete' }, '/action', 'INVALID_BODY'],
      [{ action: 'cancel', dryRun: 'yes' }, '/dryRun', 'INVALID_BODY'],
      [{ action: 'cancel', filter: [] }, '/filter', 'INVALID_BODY'],
      [{ action: 'cancel', filter: { tenant: 'x' } }, '/filter/tenant', 'INVALID_BODY'],
      [{ action: 'cancel', filter: { status: 'DONE' } }, '/filter/status', 'INVALID_QUERY'],
      [{ action: 'cancel', filter: { type: 3 } }, '/filter/type', 'INVALID_BODY'],
      [{ action: 'cancel', filter: { ids: [] } }, '/filter/ids', 'INVALID_BODY'],
      [{ action: 'cancel', filter: { ids: [ID, 'x'] } }, '/filter/ids/1', 'INVALID_BODY'],
      [
        { action: 'cancel', filter: { createdAfter: 'today' } },
        '/filter/createdAfter',
        'INVALID_QUERY',
      ],
      [
        {
          action: 'cancel',
          filter: { createdAfter: '2026-01-02T00:00:00Z', createdBefore: '2026-01-01T00:00:00Z' },
        },
        '/filter/createdBefore',
        'INVALID_QUERY',
      ],
    ];
    for (const [body, path, code] of cases) {
      const problem = problemOf(body);
      expect([path, problem.status, problem.code, problem.errors[0]?.path]).toEqual([
        path,
        400,
        code,
        path,
      ]);
    }
    const tooMany = Array.from({ length: BULK_LIMIT + 1 }, () => ID);
    expect(problemOf({ action: 'cancel', filter: { ids: tooMany } }).errors[0]?.path).toBe(
      '/filter/ids',
    );
  });
});
