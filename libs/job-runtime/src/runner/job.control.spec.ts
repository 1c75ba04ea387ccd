import { getEventListeners } from 'node:events';
import { JobControl, shutdownController } from './job.control';

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

  it('takes a listener per running job on the worker shutdown signal without a leak warning', () => {
    const shutdown = shutdownController();
    const controls = Array.from({ length: 100 }, () => new JobControl(shutdown.signal, timeouts));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(100);
    // Node's own limit on the signal, past which it warns of a leak (0: none).
    const limit = Object.getOwnPropertySymbols(shutdown.signal).find(
      (key) => key.description === 'events.maxEventTargetListeners',
    );
    expect(limit && (shutdown.signal as unknown as Record<symbol, number>)[limit]).toBe(0);
    controls.forEach((c) => c.dispose());
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
