import { setFlagsFromString } from 'node:v8';
import { env } from '../config/env.reader';

/** Default growth of the old generation after each full collection: 1.5x what survived it. */
export const DEFAULT_HEAP_GROWING_PERCENT = 50;

/**
 * Bounds how far V8 lets garbage pile up between full collections (HEAP_GROWING_PERCENT; 0 keeps
 * V8's own factor). Left to itself V8 grows the old generation up to 4x its live size under a
 * steady allocation rate, so a service with 40 MB live peaked near 300 MB of garbage; at 1.5x
 * the same bulk load peaks at 150-180 MB for about the same CPU (docs/performance.md). Read by
 * V8 at every collection, so setting it at start-up is enough, whoever starts the process.
 */
export function applyHeapGrowth(): number {
  const percent = env.int('HEAP_GROWING_PERCENT', DEFAULT_HEAP_GROWING_PERCENT, {
    min: 0,
    max: 1000,
  });
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
