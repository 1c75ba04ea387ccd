import { randomUUID } from 'node:crypto';
import type { InboundMessage } from '@jobmill/transport';
import { admitCommands, type CommandAdmission } from './command-admission.policy';
import { parseTenantUsers, TenantAuthorizer } from './tenant.authorizer';

const policy = {
  topologyPrefix: 'prod.',
  authorizer: new TenantAuthorizer({
    trustedUsers: ['platform'],
    tenantUsers: parseTenantUsers(['acme:acme-user']),
  }),
};

const command = (tenant: string) => ({
  specversion: '1.0',
  id: randomUUID(),
  type: 'io.jobmill.system.ping.requested.v1',
  source: 'urn:test',
  time: new Date().toISOString(),
  subject: randomUUID(),
  datacontenttype: 'application/json',
  data: { input: {} },
  tenant,
  attempt: 1,
  correlationid: randomUUID(),
});

const message = (body: unknown, replyTo?: string, batch = false): InboundMessage => ({
  body: Buffer.from(JSON.stringify(body)),
  exchange: 'prod.jobs.commands',
  routingKey: 'system.ping',
  redelivered: false,
  properties: {
    contentType: batch ? 'application/cloudevents-batch+json' : 'application/cloudevents+json',
    userId: 'acme-user',
    headers: {},
    ...(replyTo === undefined ? {} : { replyTo }),
  },
});

const only = (replyTo?: string): CommandAdmission => {
  const admitted = admitCommands(message(command('acme'), replyTo), policy);
  if (!admitted.ok) throw new Error(admitted.reason);
  const [first] = admitted.members;
  if (!first) throw new Error('no member');
  return first;
};

describe('reply_to admission: only addresses the requesting tenant may read', () => {
  it('admits no reply_to, direct reply-to (as set and as rewritten) and the tenant’s own queues', () => {
    for (const replyTo of [
      undefined,
      'amq.rabbitmq.reply-to',
      'amq.rabbitmq.reply-to.g2dkABFyYWJiaXRAbG9jYWxob3N0AAAB',
      'prod.tenant.acme.replies',
    ])
      expect(only(replyTo)).toMatchObject({ ok: true });
  });

  it('refuses another tenant’s queue, a platform queue, a server-named queue and look-alikes', () => {
    for (const replyTo of [
      'prod.tenant.globex.replies',
      'prod.jobs.status',
      'amq.gen-JzTY20BRgKO-HjmUJj0wLg',
      'prod.tenant.acme.',
      'prod.tenant.acmecorp.replies',
      'tenant.acme.replies',
      'amq.rabbitmq.reply-tox',
    ])
      expect(only(replyTo)).toMatchObject({
        ok: false,
        code: 'REPLY_TO_FORBIDDEN',
        authorized: true,
        noReply: true,
      });
  });

  it('checks reply_to against each batch member’s own tenant', () => {
    const body = [command('acme'), command('acme')];
    const admitted = admitCommands(message(body, 'prod.tenant.globex.x', true), policy);
    expect(admitted.ok && admitted.members.map((m) => m.ok || m.code)).toEqual([
      'REPLY_TO_FORBIDDEN',
      'REPLY_TO_FORBIDDEN',
    ]);
  });

  it('leaves reply_to alone when no topology prefix is configured', () => {
    const admitted = admitCommands(message(command('acme'), 'anything'), {
      authorizer: policy.authorizer,
    });
    expect(admitted.ok && admitted.members[0]?.ok).toBe(true);
  });
});
