import type { NextFunction, Request, Response } from 'express';
import { metrics } from './metrics.registry';

/** Routes that did not match anything share one label, so stray URLs cannot explode cardinality. */
export const UNMATCHED_ROUTE = 'unmatched';

const TIMED = Symbol('jobmill.httpTimed');

let histogram: ReturnType<typeof createHistogram> | undefined;

function createHistogram() {
  return metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request duration in seconds, by route template, method and status code',
    ['route', 'method', 'status_code'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
}

/**
 * Express middleware observing `jobmill_http_request_duration_seconds{route,method,status_code}`
 * for every answer but a Server-Sent Events stream.
 */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const marked = req as Request & { [TIMED]?: true };
  // The middleware may be mounted twice (module and app); time each request once.
  if (marked[TIMED]) return next();
  marked[TIMED] = true;
  histogram ??= createHistogram();
  const observe = histogram.startTimer();
  res.once('finish', () => {
    // A live stream's duration is how long its client followed it, not how fast we answered:
    // it would swamp the latency buckets (`event_streams_open` counts the streams instead).
    if (isEventStream(res)) return;
    observe({ route: routeOf(req), method: req.method, status_code: String(res.statusCode) });
  });
  next();
}

const isEventStream = (res: Response): boolean =>
  String(res.getHeader('content-type') ?? '').startsWith('text/event-stream');

/** The matched route template (e.g. `/v1/jobs/:id`), never the raw URL. */
function routeOf(req: Request): string {
  // Express types `req.route` as any; it is set only once a route matched.
  const route: unknown = (req as { route?: unknown }).route;
  const path: unknown =
    typeof route === 'object' && route !== null ? (route as { path?: unknown }).path : undefined;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
}
