import { metricValue, scrapeMetrics, type Sample } from './metrics-scrape';
import { waitFor } from './wait-for';

/** The canary's figures on one API's /metrics. */
export interface CanaryFigures {
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly refused: number;
  /** Successes timed by jobmill_canary_duration_seconds. */
  readonly timed: number;
  /** jobmill_canary_last_success_timestamp_seconds, in ms. */
  readonly lastSuccessMs: number;
}

const figuresOf = (samples: readonly Sample[]): CanaryFigures => {
  const runs = (outcome: string) =>
    metricValue(samples, 'jobmill_canary_runs_total', { outcome }) ?? NaN;
  return {
    succeeded: runs('succeeded'),
    failed: runs('failed'),
    timedOut: runs('timed_out'),
    refused: runs('refused'),
    timed: metricValue(samples, 'jobmill_canary_duration_seconds_count') ?? NaN,
    lastSuccessMs:
      (metricValue(samples, 'jobmill_canary_last_success_timestamp_seconds') ?? NaN) * 1000,
  };
};

/** Scrapes the API at `port` until `done` holds for its canary figures; returns them. */
export const canaryFiguresWhen = (
  port: number,
  what: string,
  done: (figures: CanaryFigures) => boolean,
  timeoutMs = 30_000,
): Promise<CanaryFigures> =>
  waitFor(
    what,
    async () => {
      const figures = figuresOf(await scrapeMetrics(port));
      return done(figures) ? figures : undefined;
    },
    timeoutMs,
    100,
  );
