import { Inject, Injectable } from '@nestjs/common';
import {
  HEALTH_OPTIONS,
  type HealthModuleOptions,
  type ReadinessIndicator,
} from './readiness.indicator';

/** The readiness indicators in force; modules may add theirs at startup. */
@Injectable()
export class ReadinessRegistry {
  private readonly indicators = new Map<string, ReadinessIndicator>();

  constructor(@Inject(HEALTH_OPTIONS) options: HealthModuleOptions) {
    for (const indicator of options.indicators ?? []) this.add(indicator);
  }

  /** Adds (or replaces, by name) a readiness indicator. */
  add(indicator: ReadinessIndicator): void {
    this.indicators.set(indicator.name, indicator);
  }

  /** Removes a readiness indicator by name. */
  remove(name: string): void {
    this.indicators.delete(name);
  }

  /** The indicators, in insertion order. */
  list(): ReadinessIndicator[] {
    return [...this.indicators.values()];
  }
}
