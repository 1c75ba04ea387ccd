import { BrokerUnavailableError } from '../errors/broker-unavailable.error';

/** Callers waiting for a connection: each gets it when one opens, or an error. */
export class ConnectionWaiters<T> {
  private readonly waiters = new Set<() => void>();

  constructor(private readonly current: () => T | undefined) {}

  /** The connection once there is one; BROKER_UNAVAILABLE after `timeoutMs` with `why`. */
  wait(timeoutMs: number, why: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new BrokerUnavailableError(why));
      }, timeoutMs);
      const waiter = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        const connection = this.current();
        if (connection) resolve(connection);
        else reject(new BrokerUnavailableError('The connection is closed.'));
      };
      this.waiters.add(waiter);
    });
  }

  /** Answers every waiter: with the connection if one is open, else with "closed". */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
