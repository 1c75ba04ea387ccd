import type { AwaitedConfirm } from './confirm-deadlines';
import type { PublishRequest } from './publish-request.types';

/** One publish waiting for its confirm: its deadline, a basic.return if one came, its promise. */
export class AwaitedPublish implements AwaitedConfirm {
  open = true;
  /** The reply text of a basic.return (mandatory publishes): RabbitMQ sends it before the ack. */
  returned: string | undefined = undefined;
  readonly sentAt = performance.now();
  readonly promise: Promise<void>;
  private resolve!: () => void;
  private reject!: (error: Error) => void;
  private done = false;

  constructor(
    readonly request: PublishRequest,
    readonly messageId: string,
    public deadline: number,
    private readonly onSettled: (awaited: AwaitedPublish) => void,
  ) {
    this.promise = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Past its deadline with no confirm. */
  fail(error: Error): void {
    this.finish(error);
  }

  /** Settles once: confirmed (no error), or failed with `error`. */
  finish(error?: Error): void {
    if (this.done) return;
    this.done = true;
    this.onSettled(this);
    if (error) this.reject(error);
    else this.resolve();
  }
}
