import DataLoader from 'dataloader';

/** How calls gather into windows. */
export interface WriteWindowOptions {
  /** The most calls written in one window. */
  readonly maxSize: number;
  /** Windows being written at once; past that, calls gather until one of them settles. */
  readonly inFlight: number;
}

/**
 * Gathers concurrent calls into windows written together (one statement, one window of
 * confirms). While fewer than `inFlight` windows are being written, a call waits only for the
 * rest of its turn of the event loop; once that many are, calls gather until one settles, so
 * windows grow with the load. Each caller's promise settles with its own part of the window.
 * Several windows in flight keep a lone call from queuing behind the one before it: the
 * writes overlap instead of running end to end.
 */
export function writeWindows<K, V>(
  write: (keys: readonly K[]) => Promise<(V | Error)[]>,
  options: WriteWindowOptions,
): DataLoader<K, V> {
  let writing = 0;
  const waiting: (() => void)[] = [];
  const settled = (): void => {
    const next = waiting.shift();
    if (next) setImmediate(next);
    else writing--;
  };
  return new DataLoader<K, V>(
    (keys) => {
      const done = write(keys);
      done.then(settled, settled);
      return done;
    },
    {
      cache: false,
      maxBatchSize: options.maxSize,
      batchScheduleFn: (dispatch) => {
        if (writing >= options.inFlight) waiting.push(dispatch);
        else {
          writing++;
          setImmediate(dispatch);
        }
      },
    },
  );
}
