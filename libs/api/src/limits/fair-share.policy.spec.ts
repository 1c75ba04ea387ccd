import { createCommand, newId, type JobCommand, type JobPriority } from '@jobmill/contracts';
import type { FairShareReading, FairShareStore } from '@jobmill/persistence';
import type { ApiConfig } from '../api.config';
import type { FairShareSetting } from './fair-share.config';
import { FairSharePolicy } from './fair-share.policy';

const command = (tenant: string, priority?: JobPriority): JobCommand =>
  createCommand({
    jobId: newId(),
    jobType: 'system.ping',
    tenant,
    source: '/test',
    data: { input: {}, ...(priority ? { priority } : {}) },
  });
const many = (n: number, tenant: string) => Array.from({ length: n }, () => command(tenant));

/** A store whose tenants hold what `held` says (plus what was recorded since), behind `slots`. */
function storeOf(held: Record<string, number>, slots: number) {
  const reads: Array<[string, number]> = [];
  const store = {
    read: async (tenant: string, _type: string, atMost: number): Promise<FairShareReading> => {
      reads.push([tenant, atMost]);
      return { unfinished: Math.min(atMost, held[tenant] ?? 0), slots };
    },
  };
  return { store: store as unknown as FairShareStore, reads };
}

const policyOf = (store: FairShareStore, fairShare: FairShareSetting) =>
  new FairSharePolicy(store, { fairShare } as ApiConfig);

describe('FairSharePolicy', () => {
  it("sends a tenant's jobs past its share to the backlog lane, the last ones of the batch", async () => {
    // The read counts the 10 jobs just recorded: 4 held before them, a share of 8.
    const { store } = storeOf({ busy: 14 }, 0);
    const batch = many(10, 'busy');
    const split = await policyOf(store, 8).split(batch);
    expect(split.fair).toEqual(batch.slice(0, 4));
    expect(split.backlog).toEqual(batch.slice(4));
  });

  it('keeps another tenant within its share, and high jobs out of any backlog lane', async () => {
    const { store } = storeOf({ busy: 500, quiet: 1 }, 0);
    const high = command('busy', 'high');
    const quiet = command('quiet');
    const split = await policyOf(store, 8).split([high, quiet]);
    expect(split.fair).toEqual([high, quiet]);
    expect(split.backlog).toEqual([]);
  });

  it('counts jobs sent since the last read, reading again at most every 250 ms', async () => {
    const { store, reads } = storeOf({ t: 1 }, 0);
    const policy = policyOf(store, 3);
    const first = await policy.split([command('t')]);
    const second = await policy.split(many(3, 't'));
    expect(first.backlog).toHaveLength(0);
    // One held before, three room in all: two of these three fit.
    expect(second.fair).toHaveLength(2);
    expect(second.backlog).toHaveLength(1);
    expect(reads).toHaveLength(1);
  });

  it('takes the live slots of the type as the share with auto', async () => {
    const { store } = storeOf({ t: 6 }, 4);
    const split = await policyOf(store, 'auto').split(many(6, 't'));
    expect(split.fair).toHaveLength(4);
    expect(split.backlog).toHaveLength(2);
  });

  it('sends everything the usual way when off, or when the count cannot be read', async () => {
    const { store } = storeOf({ t: 100 }, 1);
    expect((await policyOf(store, 0).split(many(5, 't'))).backlog).toEqual([]);
    const failing = {
      read: async () => Promise.reject(new Error('database away')),
    } as unknown as FairShareStore;
    expect((await policyOf(failing, 1).split(many(5, 't'))).fair).toHaveLength(5);
  });
});
