import type { TopologyNames } from '@jobmill/contracts';
import type { ConfirmPublisher } from '@jobmill/transport';
import { CANCEL_REQUESTED_TYPE, type CancelRequest } from './cancel-request.message';

/**
 * Broadcasts control messages on the fanout control exchange (confirmed, not mandatory: with
 * no worker running there is nobody to tell, and the durable cancellation record still holds).
 */
export class ControlPublisher {
  constructor(
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
  ) {}

  /** Tells every worker instance to stop the job if it is running it. */
  async cancel(jobId: string, tenant: string): Promise<void> {
    const request: CancelRequest = {
      type: CANCEL_REQUESTED_TYPE,
      jobId,
      tenant,
      time: new Date().toISOString(),
    };
    await this.publisher.publish({
      exchange: this.names.control,
      routingKey: '',
      content: Buffer.from(JSON.stringify(request)),
      properties: {
        contentType: 'application/json',
        type: CANCEL_REQUESTED_TYPE,
        persistent: false,
      },
    });
  }
}
