import { AMQP_HEADERS, createCommand, newId, topologyNames } from '@jobmill/contracts';
import { parseTenantUsers, TenantAuthorizer } from '@jobmill/job-runtime/client';
import type { DeadLetter } from '@jobmill/transport';
import type { GetMessage } from 'amqplib';
import { requeueActingUserOf, requeueRefusalOf } from './dead-letter-requeue.policy';

const names = topologyNames('p.');
const policy = {
  authorizer: new TenantAuthorizer({
    trustedUsers: ['jobmill-worker', 'jobmill-api'],
    tenantUsers: parseTenantUsers(['acme:acme-publisher']),
  }),
};

/** A worker's dead-letter copy of a command `publisher` sent for `tenant`. */
function letter(tenant: string, publisher: string, code: string, body?: object): DeadLetter {
  const command =
    body ??
    createCommand({
      jobId: newId(),
      jobType: 'system.ping',
      data: { input: {} },
      tenant,
      source: '/test',
    });
  const headers = {
    [AMQP_HEADERS.deadLetterCode]: code,
    [AMQP_HEADERS.deadLetterQueue]: names.detectionQueue,
    [AMQP_HEADERS.deadLetterUserId]: publisher,
  };
  const message = {
    content: Buffer.from(JSON.stringify(command)),
    properties: { contentType: 'application/cloudevents+json', userId: 'jobmill-worker', headers },
  } as unknown as GetMessage;
  const view = {
    messageId: 'm',
    sourceQueue: names.detectionQueue,
    code,
    reason: null,
    attempts: 1,
    jobId: null,
    tenant,
    type: 'io.jobmill.system.ping.requested.v1',
    size: message.content.length,
  };
  return { view, message };
}

describe('which dead letters a requeue sends back', () => {
  it('never one refused for who published it', () => {
    for (const [publisher, code] of [
      ['acme-publisher', 'TENANT_FORBIDDEN'],
      ['', 'MISSING_USER_ID'],
    ] as const)
      expect(requeueRefusalOf(letter('globex', publisher, code), names, policy)?.code).toBe(code);
  });

  it('judges the rest as their first publisher, not as the platform that copied them', () => {
    // Dead-lettered for another reason first; its publisher may still not act for globex.
    const forged = letter('globex', 'acme-publisher', 'HANDLER_CRASHED');
    const refusal = requeueRefusalOf(forged, names, policy);
    expect(refusal?.code).toBe('TENANT_FORBIDDEN');
    expect(refusal?.reason).toContain("'acme-publisher' may not act for tenant 'globex'");
    const own = letter('acme', 'acme-publisher', 'HANDLER_CRASHED');
    expect(requeueRefusalOf(own, names, policy)).toBeUndefined();
    expect(requeueActingUserOf(own, policy)).toBe('acme-publisher');
  });

  it('keeps what the workers would refuse again, with their reason', () => {
    const command = JSON.parse(letter('acme', 'x', 'x').message.content.toString()) as object;
    const bad = { ...command, data: { input: { durationMs: -5 } } };
    const invalid = letter('acme', 'acme-publisher', 'INVALID_DATA', bad);
    expect(requeueRefusalOf(invalid, names, policy)?.code).toBe('INVALID_DATA');
  });
});
