import type { Transport } from '../transport.facade';

/** Cuts the TCP connection under amqplib, as a network failure or broker restart would. */
export function cutSocket(transport: Transport): void {
  const model = transport.connection.current() as unknown as {
    connection: { stream: { destroy(error: Error): void } };
  };
  model.connection.stream.destroy(new Error('network cut by the test'));
}
