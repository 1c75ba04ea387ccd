/** A stream's client stopped reading: past SSE_MAX_PENDING_BYTES it is dropped (it may resume). */
export class SlowStreamClientError extends Error {
  override readonly name = 'SlowStreamClientError';
  readonly code = 'SLOW_STREAM_CLIENT';

  constructor(pendingBytes: number) {
    super(`the client is not reading its events (${pendingBytes} bytes queued): dropped`);
  }
}
