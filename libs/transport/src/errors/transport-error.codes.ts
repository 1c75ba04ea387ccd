/** Stable codes of the errors this library raises; classify by these, not by class. */
export const TRANSPORT_ERROR_CODES = {
  unroutable: 'UNROUTABLE',
  publishNacked: 'PUBLISH_NACKED',
  brokerUnavailable: 'BROKER_UNAVAILABLE',
  brokerBlocked: 'BROKER_BLOCKED',
} as const;

/** One of `TRANSPORT_ERROR_CODES`. */
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[keyof typeof TRANSPORT_ERROR_CODES];
