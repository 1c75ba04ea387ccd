import type { JobEvent } from '@jobmill/contracts';
import type { EventPublisher } from '@jobmill/transport';
import { StartedEventHold } from './started-event.hold';

/** Records what was published, in order; publishes fail while `failing` is set. */
function recordingPublisher() {
  const published: string[] = [];
  let failing = false;
  const events: EventPublisher = {
    publish: (event: JobEvent) => {
      if (failing) return Promise.reject(new Error('broker gone'));
      published.push(event.subject);
      return Promise.resolve();
    },
    publishMany: async () => undefined,
  };
  return { events, published, fail: () => (failing = true) };
}

const started = (jobId: string) => ({ subject: jobId }) as JobEvent;

describe('StartedEventHold', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('publishes nothing before the hold ends or a release', () => {
    const { events, published } = recordingPublisher();
    const hold = new StartedEventHold(events, 20);
    hold.hold(started('a'));
    jest.advanceTimersByTime(19);
    expect(published).toEqual([]);
  });

  it('publishes a released start at once, and only once', async () => {
    const { events, published } = recordingPublisher();
    const hold = new StartedEventHold(events, 20);
    const a = hold.hold(started('a'));
    await a.release();
    await a.release();
    jest.advanceTimersByTime(100);
    expect(published).toEqual(['a']);
  });

  it('publishes each held start when its own hold ends, in the order they came', () => {
    const { events, published } = recordingPublisher();
    const hold = new StartedEventHold(events, 20);
    hold.hold(started('a'));
    jest.advanceTimersByTime(10);
    hold.hold(started('b'));
    jest.advanceTimersByTime(10);
    expect(published).toEqual(['a']);
    jest.advanceTimersByTime(9);
    expect(published).toEqual(['a']);
    jest.advanceTimersByTime(1);
    expect(published).toEqual(['a', 'b']);
  });

  it('keeps one timer however many starts it holds', () => {
    const { events } = recordingPublisher();
    const hold = new StartedEventHold(events, 20);
    for (let i = 0; i < 1_000; i++) hold.hold(started(String(i)));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(20);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('publishes at once without a hold', () => {
    const { events, published } = recordingPublisher();
    new StartedEventHold(events, 0).hold(started('a'));
    expect(published).toEqual(['a']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('releases everything still held when the runner stops', () => {
    const { events, published } = recordingPublisher();
    const hold = new StartedEventHold(events, 20);
    hold.hold(started('a'));
    hold.hold(started('b'));
    hold.releaseAll();
    expect(published).toEqual(['a', 'b']);
  });

  it('hands a failed publish to whoever releases, and to nobody else', async () => {
    const { events, fail } = recordingPublisher();
    fail();
    const hold = new StartedEventHold(events, 20);
    const a = hold.hold(started('a'));
    hold.hold(started('b'));
    jest.advanceTimersByTime(20); // b's failure has no one to go to: no unhandled rejection
    await expect(a.release()).rejects.toThrow('broker gone');
  });

  it('keeps a start past its hold once the handler has returned, until its outcome releases it', async () => {
    const { events, published } = recordingPublisher();
    const hold = new StartedEventHold(events, 20);
    const a = hold.hold(started('a'));
    hold.hold(started('b'));
    a.keep(); // a's handler returned; recording its outcome outlasts the hold
    jest.advanceTimersByTime(100);
    expect(published).toEqual(['b']);
    await a.release();
    expect(published).toEqual(['b', 'a']);
  });

  it('does nothing when asked to keep a start already out', () => {
    const { events, published } = recordingPublisher();
    const hold = new StartedEventHold(events, 20);
    const a = hold.hold(started('a'));
    jest.advanceTimersByTime(20);
    a.keep();
    void a.release();
    expect(published).toEqual(['a']);
  });
});
