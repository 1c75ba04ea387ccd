import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop delay over the current window, in milliseconds. */
export interface EventLoopDelay {
  meanMs: number;
  p99Ms: number;
  maxMs: number;
  windowMs: number;
}

const NS_PER_MS = 1e6;
const round = (ns: number) => Math.round((ns / NS_PER_MS) * 100) / 100;

/** Samples event-loop delay so liveness can show how responsive the process is. */
@Injectable()
export class EventLoopMonitor implements OnModuleInit, OnModuleDestroy {
  private histogram: IntervalHistogram | undefined;
  private windowStart = Date.now();
  private readonly windowMs = 10_000;

  onModuleInit(): void {
    this.histogram = monitorEventLoopDelay({ resolution: 20 });
    this.histogram.enable();
    this.windowStart = Date.now();
  }

  onModuleDestroy(): void {
    this.histogram?.disable();
  }

  /** The delay since the window began; the window restarts once it is older than `windowMs`. */
  snapshot(): EventLoopDelay {
    const h = this.histogram;
    const windowMs = Date.now() - this.windowStart;
    if (!h || h.count === 0) return { meanMs: 0, p99Ms: 0, maxMs: 0, windowMs };
    const delay = {
      meanMs: round(h.mean),
      p99Ms: round(h.percentile(99)),
      maxMs: round(h.max),
      windowMs,
    };
    if (windowMs >= this.windowMs) {
      h.reset();
      this.windowStart = Date.now();
    }
    return delay;
  }
}
