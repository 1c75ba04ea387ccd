import { AMQP_HEADERS, createCommand, newId } from '@jobmill/contracts';
import type { InboundMessage } from '@jobmill/transport';
import { actingUserOf, asActingUser, letterActingUserOf } from './acting-user.mapper';
import { admitCommand } from './command-admission.policy';
import { parseTenantUsers, TenantAuthorizer } from './tenant.authorizer';

const authorizer = new TenantAuthorizer({
  trustedUsers: ['jobmill-api', 'jobmill-worker'],
  tenantUsers: parseTenantUsers(['acme:acme-publisher']),
});
const onBehalfOf = (user: string) => ({ [AMQP_HEADERS.onBehalfOf]: user });
const copiedFrom = (user: string) => ({ [AMQP_HEADERS.deadLetterUserId]: user });

describe('the user whose authority a delivery carries', () => {
  it('is the publisher, unless a platform user republished it for someone', () => {
    expect(actingUserOf('acme-publisher', {}, authorizer)).toBe('acme-publisher');
    expect(actingUserOf('jobmill-api', {}, authorizer)).toBe('jobmill-api');
    expect(actingUserOf('jobmill-api', onBehalfOf('acme-publisher'), authorizer)).toBe(
      'acme-publisher',
    );
    // '' is "published without user_id": nobody's authority.
    expect(actingUserOf('jobmill-api', onBehalfOf(''), authorizer)).toBeUndefined();
  });

  it('ignores the header from anyone but a platform user', () => {
    expect(actingUserOf('acme-publisher', onBehalfOf('jobmill-api'), authorizer)).toBe(
      'acme-publisher',
    );
    expect(actingUserOf(undefined, onBehalfOf('jobmill-api'), authorizer)).toBeUndefined();
  });

  it("of a dead letter: the platform copy's recorded publisher, else the letter's own", () => {
    expect(letterActingUserOf('jobmill-worker', copiedFrom('acme-publisher'), authorizer)).toBe(
      'acme-publisher',
    );
    expect(letterActingUserOf('jobmill-worker', copiedFrom(''), authorizer)).toBeUndefined();
    // A requeued command dead-lettered again: still its first publisher's.
    const again = { ...copiedFrom('jobmill-api'), ...onBehalfOf('acme-publisher') };
    expect(letterActingUserOf('jobmill-worker', again, authorizer)).toBe('acme-publisher');
    // Dead-lettered by the broker itself (delivery limit): the user_id was kept.
    expect(letterActingUserOf('acme-publisher', {}, authorizer)).toBe('acme-publisher');
    // A letter someone else put in the queue with forged headers is theirs.
    expect(letterActingUserOf('acme-publisher', copiedFrom('jobmill-api'), authorizer)).toBe(
      'acme-publisher',
    );
  });
});

describe('admitting a requeued command', () => {
  const policy = { authorizer };
  const deliveryOf = (tenant: string, userId: string, headers = {}): InboundMessage => ({
    body: Buffer.from(
      JSON.stringify(
        createCommand({
          jobId: newId(),
          jobType: 'system.ping',
          data: { input: {} },
          tenant,
          source: '/test',
        }),
      ),
    ),
    properties: { contentType: 'application/cloudevents+json', userId, headers },
    routingKey: 'system.ping',
    exchange: '',
    redelivered: false,
  });

  it('judges it as the user it is republished for, never as the platform', () => {
    const forged = deliveryOf('globex', 'jobmill-api', onBehalfOf('acme-publisher'));
    expect(admitCommand(forged, policy)).toMatchObject({ ok: true });
    expect(admitCommand(asActingUser(forged, authorizer), policy)).toMatchObject({
      ok: false,
      code: 'TENANT_FORBIDDEN',
    });
    const nobody = deliveryOf('globex', 'jobmill-api', onBehalfOf(''));
    expect(admitCommand(asActingUser(nobody, authorizer), policy)).toMatchObject({
      ok: false,
      code: 'MISSING_USER_ID',
    });
    const own = deliveryOf('acme', 'jobmill-api', onBehalfOf('acme-publisher'));
    expect(admitCommand(asActingUser(own, authorizer), policy)).toMatchObject({ ok: true });
  });

  it('leaves fresh deliveries as they are', () => {
    const fresh = deliveryOf('acme', 'acme-publisher');
    expect(asActingUser(fresh, authorizer)).toBe(fresh);
    expect(asActingUser(fresh, undefined)).toBe(fresh);
  });
});
