import { createContext, Script } from 'node:vm';
import { ADMIN_SCRIPT } from './admin.script';

const context = createContext({}) as {
  requeueSummary?: (body: object) => string;
  discardSummary?: (body: object) => string;
};
new Script(ADMIN_SCRIPT).runInContext(context);
const summary = (body: object): string => context.requeueSummary?.(body) ?? '';

describe("the dashboard's requeue summary", () => {
  it('says what went back and why the rest stayed', () => {
    const refused = { refusal: { code: 'TENANT_FORBIDDEN', reason: 'Only its publisher.' } };
    expect(
      summary({
        requeued: [{ action: 'retried' }],
        notRequeued: [refused, refused],
        complete: true,
      }),
    ).toBe(
      'Requeued 1: 1 retried as a new attempt, 0 put back on their queue. Kept 2 (2 TENANT_FORBIDDEN): Only its publisher.',
    );
    expect(summary({ requeued: [], notRequeued: [], complete: false })).toBe(
      'Stopped early: requeue again for the rest.',
    );
    expect(summary({ requeued: [], notRequeued: [], complete: true })).toMatch(/Nothing/);
  });
});

describe("the dashboard's discard summary", () => {
  const discarded = (body: object): string => context.discardSummary?.(body) ?? '';

  it('counts what went for good, and says when to ask again', () => {
    expect(discarded({ discarded: [{}, {}], complete: true })).toBe(
      'Discarded 2 dead letters for good.',
    );
    expect(discarded({ discarded: [{}], complete: false })).toBe(
      'Discarded 1 dead letter for good. Stopped early: discard again for the rest.',
    );
    expect(discarded({ discarded: [], complete: true })).toMatch(/Nothing/);
  });
});
