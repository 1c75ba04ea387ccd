import { createContext, Script } from 'node:vm';
import { ADMIN_SCRIPT } from './admin.script';

const context = createContext({}) as { requeueSummary?: (body: object) => string };
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
