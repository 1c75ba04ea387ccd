/** Calls an ack/nack; if the channel is gone the broker requeues the message anyway. */
export function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // The channel closed under us: the delivery is requeued by the broker, nothing to do.
  }
}
