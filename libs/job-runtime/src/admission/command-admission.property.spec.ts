import fc from 'fast-check';
import {
  AMQP_HEADERS,
  CLOUDEVENTS_BATCH_CONTENT_TYPE,
  CLOUDEVENTS_CONTENT_TYPE,
  createCommand,
  newId,
} from '@jobmill/contracts';
import type { InboundMessage } from '@jobmill/transport';
import {
  admissionPolicyOf,
  admitCommands,
  type CommandAdmission,
} from './command-admission.policy';

const policy = admissionPolicyOf({
  amqpUrl: 'amqp://jobmill:pw@127.0.0.1:5672',
  topologyPrefix: 'p.',
  trustedUsers: [],
  tenantUsers: ['acme:acme-publisher'],
  maxCommandBytes: 4096,
});

const valid = createCommand({
  jobId: newId(),
  jobType: 'system.ping',
  tenant: 'acme',
  source: '/test',
  data: { input: { durationMs: 1 } },
});

/** A valid command with one field replaced, removed or added: near misses, the hard cases. */
const nearMiss = fc
  .tuple(
    fc.constantFrom(...Object.keys(valid), 'data.input', 'extra'),
    fc.option(fc.jsonValue(), { nil: undefined }),
  )
  .map(([field, value]) => {
    const copy = structuredClone(valid) as unknown as Record<string, unknown>;
    if (field === 'data.input') (copy['data'] as Record<string, unknown>)['input'] = value;
    else if (value === undefined) delete copy[field];
    else copy[field] = value;
    return copy;
  });

const body = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
  nearMiss.map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .array(fc.oneof(nearMiss, fc.jsonValue()), { maxLength: 5 })
    .map((v) => Buffer.from(JSON.stringify(v))),
  fc.constant(Buffer.alloc(5000, 0x20)),
);

/** The parts of a delivery that admission reads. */
interface Delivery {
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly tenantHeader: unknown;
  readonly userId: string | undefined;
}

const message: fc.Arbitrary<Delivery> = fc.record({
  body,
  contentType: fc.option(
    fc.oneof(
      fc.constantFrom(CLOUDEVENTS_CONTENT_TYPE, CLOUDEVENTS_BATCH_CONTENT_TYPE, 'application/json'),
      fc.string(),
    ),
    { nil: undefined },
  ),
  tenantHeader: fc.option(fc.oneof(fc.constant('acme'), fc.jsonValue()), { nil: undefined }),
  userId: fc.option(fc.constantFrom('jobmill', 'acme-publisher', 'stranger', ''), {
    nil: undefined,
  }),
});

const inbound = (m: Delivery) =>
  ({
    body: m.body,
    properties: {
      contentType: m.contentType,
      headers: m.tenantHeader === undefined ? {} : { [AMQP_HEADERS.tenant]: m.tenantHeader },
      userId: m.userId,
    },
    routingKey: 'system.ping',
    exchange: 'jobs.commands',
    redelivered: false,
  }) as InboundMessage;

/** A refusal names a stable code and a reason; an admission carries a command. */
function clear(outcome: CommandAdmission): boolean {
  if (outcome.ok) return typeof outcome.command.subject === 'string';
  return /^[A-Z][A-Z_]+$/.test(outcome.code) && outcome.reason.length > 0;
}

// Whatever arrives on the commands exchange, admission decides without throwing (a throw would
// leave the delivery to the consumer's error path instead of a dead letter with its reason).
describe('command admission on arbitrary deliveries', () => {
  it('never throws, and every outcome is an admitted command or a coded, explained refusal', () => {
    fc.assert(
      fc.property(message, (m) => {
        const outcome = admitCommands(inbound(m), policy);
        if (!outcome.ok) return clear(outcome);
        return outcome.members.length > 0 && outcome.members.every(clear);
      }),
      { numRuns: 2000 },
    );
  });

  it('admits the valid command from its trusted publisher', () => {
    const outcome = admitCommands(
      inbound({
        body: Buffer.from(JSON.stringify(valid)),
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        tenantHeader: undefined,
        userId: 'jobmill',
      }),
      policy,
    );
    expect(outcome.ok && outcome.members[0]?.ok).toBe(true);
  });
});
