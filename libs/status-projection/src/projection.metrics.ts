import { metrics } from '@jobmill/platform';
import type { ProjectableMessage, ProjectionResult } from '@jobmill/persistence';

/** Lag runs from milliseconds (a batch window) to minutes (a backlog after an outage). */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300];

/**
 * The projection in Prometheus: `jobmill_projection_lag_seconds{event}` (from the time a
 * command or event was written to its row being committed), `jobmill_events_projected_total`
 * and `jobmill_events_duplicate_total` (already recorded: redeliveries, replays).
 */
export class ProjectionMetrics {
  private readonly lag = metrics.histogram(
    'projection_lag_seconds',
    'Seconds from a command or event being written to its row committed, by event name',
    ['event'],
    LAG_BUCKETS,
  );
  private readonly projected = metrics.counter(
    'events_projected_total',
    'Commands and events recorded in the read model for the first time',
  );
  private readonly duplicates = metrics.counter(
    'events_duplicate_total',
    'Commands and events the read model already had (no-ops)',
  );

  /** A batch was committed just now. */
  committed(batch: readonly ProjectableMessage[], result: ProjectionResult): void {
    const now = Date.now();
    for (const message of batch) {
      const [event, time] =
        message.kind === 'command'
          ? ['queued', message.command.time]
          : [message.name, message.event.time];
      this.lag.observe({ event }, Math.max(0, now - Date.parse(time)) / 1_000);
    }
    this.projected.inc(result.applied);
    this.duplicates.inc(result.duplicates);
  }
}
