/** A job, message or upload id: a UUID. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant slug; never contains a dot, so it can be a routing-key word. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A W3C trace-context `traceparent` header. */
export const TRACEPARENT_PATTERN = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** One `key=value` member of a W3C `tracestate` (a value ends in a non-blank character). */
const TRACESTATE_MEMBER =
  '[a-z0-9][a-z0-9_*/@-]{0,255}=[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]';

/** A W3C trace-context `tracestate` header: 1 to 32 members, comma-separated. */
export const TRACESTATE_PATTERN = new RegExp(
  `^[ \\t]*${TRACESTATE_MEMBER}(?:[ \\t]*,[ \\t]*${TRACESTATE_MEMBER}){0,31}[ \\t]*$`,
);

/** The length W3C asks every vendor to propagate a `tracestate` up to. */
export const TRACESTATE_MAX_LENGTH = 512;
