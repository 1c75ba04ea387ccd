import { createContext, Script } from 'node:vm';
import { BULK_SCRIPT } from './bulk.script';
import { SEARCH_SCRIPT } from './search.script';

interface Search {
  id: string;
  status: string;
  type: string;
  after: string;
  before: string;
  tenant: string;
}
interface BulkContext {
  emptySearch?: () => Search;
  bulkBlocked?: (search: Search) => string;
  bulkFilter?: (search: Search) => object;
  bulkSummary?: (verb: object, body: object) => string;
  matchesSearch?: (job: object, search: Search) => boolean;
  searchQuery?: (search: Search) => URLSearchParams;
  BULK_VERBS?: Record<string, object>;
}

const context = createContext({ URLSearchParams }) as BulkContext;
new Script(`${SEARCH_SCRIPT}\n${BULK_SCRIPT}`).runInContext(context);
const search = (fields: Partial<Search>): Search =>
  ({ ...context.emptySearch?.(), ...fields }) as Search;
const id = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

describe("the dashboard's search and bulk filter", () => {
  it('sends the search as GET /v1/jobs query parameters', () => {
    const query = context.searchQuery?.(
      search({ id: '0f1e', status: 'FAILED', after: '2026-01-01T00:00:00.000Z', tenant: 'acme' }),
    );
    expect(query?.toString()).toBe(
      'id=0f1e&status=FAILED&createdAfter=2026-01-01T00%3A00%3A00.000Z&tenant=acme',
    );
  });

  it('keeps to the search what an API ignoring a filter would still list', () => {
    const job = {
      id,
      status: 'FAILED',
      type: 'system.ping',
      createdAt: '2026-01-01T10:00:00.000Z',
    };
    expect(context.matchesSearch?.(job, search({ id: '0f1e2d' }))).toBe(true);
    expect(context.matchesSearch?.(job, search({ id: '0f1f' }))).toBe(false);
    expect(context.matchesSearch?.(job, search({ before: '2026-01-01T10:00:00.000Z' }))).toBe(
      false,
    );
    expect(context.matchesSearch?.(job, search({ after: '2026-01-01T09:59:59.000Z' }))).toBe(true);
  });

  it('turns a search into a bulk filter, and refuses an id prefix', () => {
    expect(context.bulkFilter?.(search({ status: 'FAILED', type: 'system.ping' }))).toEqual({
      status: 'FAILED',
      type: 'system.ping',
    });
    expect(context.bulkFilter?.(search({ id }))).toEqual({ ids: [id] });
    expect(context.bulkBlocked?.(search({ id }))).toBe('');
    expect(context.bulkBlocked?.(search({ id: '0f1e' }))).toMatch(/full job id/);
    expect(context.bulkBlocked?.(search({ tenant: 'acme' }))).toBe('');
  });

  it('says what a bulk action did and why jobs were skipped', () => {
    const retry = context.BULK_VERBS?.['retry'] ?? {};
    const skipped = [
      { id: 'a', code: 'JOB_NOT_FAILED' },
      { id: 'b', code: 'JOB_NOT_FAILED' },
    ];
    expect(context.bulkSummary?.(retry, { matched: 5, applied: 3, skipped })).toBe(
      'Retried 3 of 5 matching jobs; skipped 2 (2 JOB_NOT_FAILED).',
    );
    expect(context.bulkSummary?.(retry, { matched: 1, applied: 1, skipped: [] })).toBe(
      'Retried 1 of 1 matching job.',
    );
  });
});
