import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  tenantDefinitions,
  tenantPermissions,
  tenantTopicPermissions,
} from './tenant-definitions.builder';

const root = path.resolve(__dirname, '../../../..');

describe('RabbitMQ definitions for tenant isolation', () => {
  it('matches the committed deploy/rabbitmq/definitions.example.json (npm run rabbitmq:definitions)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(path.join(root, 'deploy/rabbitmq/definitions.example.json'), 'utf8'),
    );
    const built = tenantDefinitions({
      vhost: '/',
      topologyPrefix: '',
      platformUsers: ['jobmill'],
      tenants: [
        { tenant: 'acme', user: 'acme-publisher' },
        { tenant: 'globex', user: 'globex-publisher' },
      ],
    });
    expect(committed).toEqual(JSON.parse(JSON.stringify(built)));
  });

  it('confines a tenant user to its own queue prefix, the commands and the events exchange', () => {
    const own = new RegExp(tenantPermissions('prod.', 'acme').read);
    expect(own.test('prod.tenant.acme.replies')).toBe(true);
    expect(own.test('prod.jobs.events')).toBe(true);
    for (const other of [
      'prod.tenant.globex.x',
      'prod.jobs.status',
      'amq.gen-abc',
      'prodXjobs.events',
    ])
      expect(own.test(other)).toBe(false);
    const write = new RegExp(tenantPermissions('prod.', 'acme').write);
    expect(write.test('prod.jobs.commands')).toBe(true);
    expect(write.test('amq.default')).toBe(false);
    expect(write.test('prod.jobs.events')).toBe(false);
  });

  it('lets a tenant publish commands of known job types on every lane, nothing else', () => {
    const commands = tenantTopicPermissions('prod.', 'acme').find(
      (p) => p.exchange === 'prod.jobs.commands',
    );
    const write = new RegExp(commands?.write ?? '^$');
    const lanes = ['detection.vad', 'detection.vad.high', 'system.ping.low'];
    const backlogLanes = ['detection.vad.backlog', 'system.ping.low.backlog'];
    for (const key of [...lanes, ...backlogLanes]) expect(write.test(key)).toBe(true);
    const unbound = ['detection.vad.high.backlog', 'detection.vad.backlog.low'];
    for (const key of ['detection.vad.urgent', 'detection.vadx', 'nobody.binds', ...unbound])
      expect(write.test(key)).toBe(false);
  });

  it('hashes passwords per user with a fresh salt', () => {
    const defs = tenantDefinitions({
      vhost: 'v',
      topologyPrefix: '',
      platformUsers: [],
      tenants: [{ tenant: 'acme', user: 'a', password: 'secret' }],
    });
    const hash = Buffer.from(defs.users[0]?.password_hash ?? '', 'base64');
    expect(hash).toHaveLength(4 + 32);
    expect(defs.policies[0]).toMatchObject({ pattern: '^tenant\\.', 'apply-to': 'queues' });
  });
});
