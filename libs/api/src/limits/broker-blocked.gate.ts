import { Inject, Injectable } from '@nestjs/common';
import { brokerBlocked } from '@jobmill/limits';
import { Transport } from '@jobmill/transport';
import { limitProblem } from './limit.problem';

/**
 * Refuses submissions while the broker blocks the API's publishing (a RabbitMQ memory or disk
 * alarm), before anything is recorded. A command written to a blocked connection is read only
 * once the alarm ends: its job, answered 503 by then, would still run.
 */
@Injectable()
export class BrokerBlockedGate {
  constructor(@Inject(Transport) private readonly transport: Transport) {}

  /**
   * Throws 503 BROKER_BLOCKED (Retry-After) while the broker blocks publishing, if any of these
   * jobs (their due times) is due now: a delayed job is only recorded, its command goes later.
   */
  admit(due: readonly (Date | undefined)[]): void {
    const now = due.filter((d) => d === undefined).length;
    const reason = this.transport.publishingBlocked();
    if (now > 0 && reason !== undefined) throw limitProblem(503, brokerBlocked(reason), now);
  }
}
