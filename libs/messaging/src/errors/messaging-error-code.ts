/** Stable codes of the errors this library raises; classify by these, not by class. */
export const MESSAGING_ERROR_CODES = {
  unroutable: 'UNROUTABLE',
  publishNacked: 'PUBLISH_NACKED',
  brokerUnavailable: 'BROKER_UNAVAILABLE',
} as const;

/** One of `MESSAGING_ERROR_CODES`. */
export type MessagingErrorCode = (typeof MESSAGING_ERROR_CODES)[keyof typeof MESSAGING_ERROR_CODES];
