// Prints the RabbitMQ definitions that isolate tenants on the broker (deploy/rabbitmq/README.md):
//   npm run -s rabbitmq:definitions -- --vhost / --prefix '' --platform-user jobmill \
//     --tenant acme:acme-publisher --tenant globex:globex-publisher > definitions.json
// then `rabbitmqctl import_definitions definitions.json` and `rabbitmqctl change_password` per
// tenant user (the file carries no passwords).
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
require('@swc-node/register');
const {
  tenantDefinitions,
} = require('../libs/transport/src/topology/tenant-definitions.builder.ts');

const { values } = parseArgs({
  options: {
    vhost: { type: 'string', default: '/' },
    prefix: { type: 'string', default: '' },
    'platform-user': { type: 'string', multiple: true, default: [] },
    tenant: { type: 'string', multiple: true, default: [] },
  },
});
const tenants = values.tenant.map((pair) => {
  const [tenant, user] = pair.split(':');
  if (!tenant || !user) throw new Error(`--tenant takes tenant:user, got '${pair}'`);
  return { tenant, user };
});
const definitions = tenantDefinitions({
  vhost: values.vhost,
  topologyPrefix: values.prefix,
  platformUsers: values['platform-user'],
  tenants,
});
process.stdout.write(`${JSON.stringify(definitions, null, 2)}\n`);
