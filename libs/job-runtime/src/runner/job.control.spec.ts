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
    for (const control of controls) expect(control.signal.aborted).toBe(false);
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

  it('makes no signal and takes no listener for a handler that never asks for one', () => {
    const shutdown = new AbortController();
    const controls = Array.from({ length: 10 }, () => new JobControl(shutdown.signal, timeouts));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    controls[0]?.cancel();
    expect(controls[0]?.stopReason).toBe('cancelled');
    controls.forEach((c) => c.dispose());
  });

  it('gives a signal asked for after a cancellation already aborted, with the cancellation', () => {
    const shutdown = new AbortController();
    const control = new JobControl(shutdown.signal, timeouts);
    control.cancel();
    shutdown.abort(new Error('stopping'));
    expect(control.signal.aborted).toBe(true);
    expect((control.signal.reason as Error).name).toBe('JobCancelledError');
    control.dispose();
  });

  it('keeps the shutdown as the reason when it came before a cancellation nobody watched', () => {
    const shutdown = new AbortController();
    const control = new JobControl(shutdown.signal, timeouts);
    shutdown.abort(new Error('stopping'));
    control.cancel();
    expect(control.stopReason).toBe('cancelled');
    expect((control.signal.reason as Error).message).toBe('stopping');
    control.dispose();
  });

  it('aborts its signal at the soft time limit', async () => {
    const shutdown = new AbortController();
    const control = new JobControl(shutdown.signal, { softMs: 5, hardMs: 60_000 });
    const { signal } = control;
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect(control.stopReason).toBe('timeout');
    expect((signal.reason as Error).message).toBe('Soft time limit of 5 ms');
    control.dispose();
  });

  it('takes no listener for a signal first asked for after the attempt ended', () => {
    const shutdown = new AbortController();
    const control = new JobControl(shutdown.signal, timeouts);
    control.dispose();
    expect(control.signal.aborted).toBe(false);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });
});
