import { JobSlots } from './job-slots.semaphore';
import { JobTypeSlots } from './job-type-slots.semaphore';

const NORMAL = 1;
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** Enters as a job of `type` would, failing the test if the slots are closed. */
async function enterOpen(slots: JobTypeSlots, type: string): Promise<() => void> {
  const leave = await slots.enter(type, NORMAL, true);
  if (!leave) throw new Error('the slots are closed');
  return leave;
}

describe('JobTypeSlots', () => {
  it('runs at most the limit of a type, and lets other types use the slots meanwhile', async () => {
    const shared = new JobSlots(3);
    const slots = new JobTypeSlots(shared, { 'processing.normalize': 1 });
    const started: string[] = [];
    const enter = (type: string, name: string) =>
      enterOpen(slots, type).then((leave) => {
        started.push(name);
        return leave;
      });

    const first = enter('processing.normalize', 'normalize-1');
    const second = enter('processing.normalize', 'normalize-2');
    const ping = enter('system.ping', 'ping-1');
    await settled();
    // The second normalize waits for its type, holding no shared slot: the ping got one.
    expect([...started].sort()).toEqual(['normalize-1', 'ping-1']);
    expect(shared.inUse).toBe(2);

    (await first)();
    await second;
    expect(started[2]).toBe('normalize-2');
    (await second)();
    (await ping)();
    expect(shared.inUse).toBe(0);
  });

  it('leaves types without a limit to the shared slots alone', async () => {
    const shared = new JobSlots(1);
    const slots = new JobTypeSlots(shared, {});
    const leave = await enterOpen(slots, 'detection.vad');
    expect(shared.inUse).toBe(1);
    leave();
    expect(shared.inUse).toBe(0);
  });

  it('gives the slots back once, however often the job leaves', async () => {
    const shared = new JobSlots(2);
    const slots = new JobTypeSlots(shared, { 'processing.normalize': 1 });
    const leave = await enterOpen(slots, 'processing.normalize');
    const other = await enterOpen(slots, 'system.ping');
    leave();
    leave();
    // A second call would have freed the ping's shared slot too.
    expect(shared.inUse).toBe(1);
    const again = await enterOpen(slots, 'processing.normalize');
    expect(shared.inUse).toBe(2);
    again();
    other();
    expect(shared.inUse).toBe(0);
  });

  it('once closed, sends the waiting jobs away holding nothing, and refuses later ones', async () => {
    const shared = new JobSlots(1);
    const slots = new JobTypeSlots(shared, { 'processing.normalize': 1 });
    const running = await enterOpen(slots, 'system.ping');
    // Waits for the shared slot, holding its type's one meanwhile.
    const waiting = slots.enter('processing.normalize', NORMAL, true);
    await settled();
    slots.close();
    expect(await waiting).toBeUndefined();
    expect(await slots.enter('system.ping', NORMAL, true)).toBeUndefined();
    // The running job's slot is still its own, and goes back as before.
    expect(shared.inUse).toBe(1);
    running();
    expect(shared.inUse).toBe(0);
  });
});
