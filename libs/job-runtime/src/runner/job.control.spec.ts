import { getEventListeners } from 'node:events';
import { JobControl } from './job.control';

const timeouts = { softMs: 60_000, hardMs: 120_000 };

describe('JobControl', () => {
  it('aborts its signal when the worker shuts down', () => {
    const shutdown = new AbortController();
    const control = new JobControl(shutdown.signal, timeouts);
    shutdown.abort(new Error('stopping'));
    expect(control.signal.aborted).toBe(true);
    expect((control.signal.reason as Error).message).toBe('stopping');
    control.dispose();
  });

  it('starts aborted when the worker is already shutting down', () => {
    const shutdown = new AbortController();
    shutdown.abort(new Error('stopping'));
    const control = new JobControl(shutdown.signal, timeouts);
    expect(control.signal.aborted).toBe(true);
    control.dispose();
  });

  it('leaves nothing on the long-lived shutdown signal once disposed', () => {
    const shutdown = new AbortController();
    for (let i = 0; i < 1_000; i++) new JobControl(shutdown.signal, timeouts).dispose();
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    // Node's own record of signals derived with AbortSignal.any, which it never trims on 20.x.
    const dependants = Object.getOwnPropertySymbols(shutdown.signal).find(
      (key) => key.description === 'kDependantSignals',
    );
    const held = dependants
      ? (shutdown.signal as unknown as Record<symbol, Set<unknown>>)[dependants]
      : undefined;
    expect(held?.size ?? 0).toBe(0);
  });

  it('cancelling one attempt leaves the shutdown signal alone', () => {
    const shutdown = new AbortController();
    const control = new JobControl(shutdown.signal, timeouts);
    control.cancel();
    expect(control.signal.aborted).toBe(true);
    expect(control.stopReason).toBe('cancelled');
    expect(shutdown.signal.aborted).toBe(false);
    control.dispose();
  });
});
