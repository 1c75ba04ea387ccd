import fc from 'fast-check';
import { envelopesOf } from '../envelope/cloud-event-batch';
import {
  parseJson,
  validateCommand,
  validateEvent,
  validateSubmission,
} from './contract-validator';
import type { Validation } from './validation-result';

const CODES = [
  'INVALID_JSON',
  'INVALID_ENVELOPE',
  'UNKNOWN_TYPE',
  'UNSUPPORTED_VERSION',
  'INVALID_DATA',
];

/** Valid, or refused with one of the contract codes, a message and JSON-pointer paths. */
function clear(result: Validation<unknown>): boolean {
  if (result.ok) return true;
  return (
    CODES.includes(result.code) &&
    result.message.length > 0 &&
    result.violations.every((v) => typeof v.path === 'string' && v.message.length > 0)
  );
}

/** Plausible shapes as well as noise: objects with the contract's field names. */
const shaped = fc.record(
  {
    specversion: fc.oneof(fc.constant('1.0'), fc.jsonValue()),
    id: fc.oneof(fc.uuid(), fc.jsonValue()),
    type: fc.oneof(
      fc.constantFrom('io.jobmill.system.ping.requested.v1', 'io.jobmill.job.succeeded.v1'),
      fc.string(),
    ),
    source: fc.oneof(fc.constant('/test'), fc.jsonValue()),
    subject: fc.oneof(fc.uuid(), fc.jsonValue()),
    tenant: fc.oneof(fc.constant('acme'), fc.jsonValue()),
    time: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.string(),
    ),
    data: fc.oneof(fc.record({ input: fc.jsonValue() }), fc.jsonValue()),
    input: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const anything = fc.oneof(fc.anything(), fc.jsonValue(), shaped);

describe('the contract validators on arbitrary input', () => {
  it('never throw: every body is valid or refused with a code and a reason', () => {
    fc.assert(
      fc.property(anything, (value) =>
        [validateSubmission, validateCommand, validateEvent].every((check) => clear(check(value))),
      ),
      { numRuns: 3000 },
    );
  });

  it('parse any bytes, and take any parsed body apart, without throwing', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.jsonValue(),
        fc.boolean(),
        (bytes, value, batch) =>
          clear(parseJson(Buffer.from(bytes))) && clear(envelopesOf(value, batch)),
      ),
      { numRuns: 2000 },
    );
  });
});
