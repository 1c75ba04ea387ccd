import { createCommand, newId, topologyNames } from '@jobmill/contracts';
import {
  admitCommands,
  parseTenantUsers,
  refusalFailedEvent,
  TenantAuthorizer,
  type AdmissionPolicy,
} from '@jobmill/job-runtime';
import type { InboundMessage } from '@jobmill/transport';
import { toProjectable } from './status-projection.handler';

const names = topologyNames('t.');
const policy: AdmissionPolicy = {
  topologyPrefix: 't.',
  authorizer: new TenantAuthorizer({
    trustedUsers: ['platform'],
    tenantUsers: parseTenantUsers(['acme:acme-user']),
  }),
};
const command = () =>
  createCommand({
    jobId: newId(),
    jobType: 'system.ping',
    data: { input: {} },
    tenant: 'acme',
    source: '/t',
  });

const delivery = (
  body: unknown,
  over: { routingKey?: string; contentType?: string; userId?: string; headers?: object } = {},
): InboundMessage =>
  ({
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    exchange: names.commands,
    routingKey: over.routingKey ?? 'system.ping',
    redelivered: false,
    properties: {
      contentType: over.contentType ?? 'application/cloudevents+json',
      userId: over.userId ?? 'acme-user',
      headers: over.headers ?? {},
    },
  }) as unknown as InboundMessage;

const failedCodes = (message: InboundMessage) => {
  const result = toProjectable(message, names, policy);
  if (!result.ok) return { refused: result.code, failed: [] as string[] };
  return {
    refused: result.refused?.code,
    failed: result.values.flatMap((v) =>
      v.kind === 'event' ? [(v.event.data as { error: { code: string } }).error.code] : [],
    ),
  };
};

// One outcome for every kind of refusal: the copy is dead-lettered with its code, and the job
// it names (for a tenant its publisher may act for) is recorded FAILED with that code at once.
describe('the status service records refusals as FAILED jobs', () => {
  it('records a command under a routing key no worker binds (ROUTING_KEY_MISMATCH)', () => {
    expect(failedCodes(delivery(command(), { routingKey: 'nobody.binds' }))).toEqual({
      refused: 'ROUTING_KEY_MISMATCH',
      failed: ['ROUTING_KEY_MISMATCH'],
    });
  });

  it('records contract, content-type, JSON and size refusals alike when the job is named', () => {
    const c = command();
    const headers = { 'ce-subject': c.subject, 'ce-tenant': 'acme' };
    const cases: [InboundMessage, string][] = [
      [delivery({ ...c, type: 'io.jobmill.nothing.here.requested.v1' }), 'UNKNOWN_TYPE'],
      [delivery({ ...c, data: { input: { durationMs: 'x' } } }), 'INVALID_DATA'],
      [delivery('<xml/>', { contentType: 'text/xml', headers }), 'UNSUPPORTED_CONTENT_TYPE'],
      [delivery('{nope', { headers }), 'INVALID_JSON'],
    ];
    for (const [message, code] of cases)
      expect(failedCodes(message)).toEqual({ refused: code, failed: [code] });
  });

  it('records nothing for a tenant the publisher may not act for', () => {
    const c = command();
    const headers = { 'ce-subject': c.subject, 'ce-tenant': 'acme' };
    expect(failedCodes(delivery(c, { userId: 'stranger' }))).toEqual({
      refused: 'TENANT_FORBIDDEN',
      failed: [],
    });
    expect(failedCodes(delivery('{nope', { headers, userId: 'stranger' }))).toEqual({
      refused: 'INVALID_JSON',
      failed: [],
    });
  });

  it('describes one refusal with one event id, whichever service records it', () => {
    const message = delivery(command(), { routingKey: 'nobody.binds' });
    const admitted = admitCommands(message, policy);
    const refusal = admitted.ok ? admitted.members[0] : admitted;
    if (!refusal || refusal.ok) throw new Error('expected a refusal');
    const byWorker = refusalFailedEvent(message, refusal, policy, '/worker');
    const byStatus = refusalFailedEvent(message, refusal, policy, '/status');
    expect(byWorker?.id).toBeDefined();
    expect(byWorker?.id).toBe(byStatus?.id);
  });
});
