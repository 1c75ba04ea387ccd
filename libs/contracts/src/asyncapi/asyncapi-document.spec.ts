import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { COMMAND_VERSIONS, JOB_TYPES, commandTypeOf } from '../commands/job-types';
import { AMQP_HEADERS } from '../envelope/amqp-headers';
import { JOB_EVENT_NAMES, eventTypeOf } from '../events/job-event';
import { validateCommand, validateEvent } from '../validation/contract-validator';
import { buildAsyncApiDocument } from './asyncapi-document';
import { asyncApiFiles } from './asyncapi-files';

type Json = Record<string, unknown>;

/** The value at `keys` inside a JSON document (undefined when a step is missing). */
const at = (value: unknown, ...keys: (string | number)[]): unknown =>
  keys.reduce<unknown>(
    (v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined),
    value,
  );

/** The official AsyncAPI 3.0.0 JSON Schema, as @asyncapi/specs ships it. */
function asyncApi3Validator() {
  const file = require.resolve('@asyncapi/specs/schemas/3.0.0-without-$id.json');
  const schema = JSON.parse(readFileSync(file, 'utf8')) as object;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

const docsDir = path.resolve(__dirname, '../../../../docs');
const messages = (doc: Json): Json[] =>
  Object.values(at(doc, 'components', 'messages') as Json) as Json[];

describe('the AsyncAPI document generated from the contracts', () => {
  const validate = asyncApi3Validator();

  it('validates against the AsyncAPI 3.0 schema (and a broken copy does not)', () => {
    const doc = buildAsyncApiDocument({ prefix: 'staging', host: 'rabbit:5672' });
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
    const broken = structuredClone(doc);
    (at(broken, 'operations', 'receiveJobEvents') as Json)['action'] = 'listen';
    expect(validate(broken)).toBe(false);
  });

  it('matches the committed docs/asyncapi.json and docs/asyncapi.md (run npm run docs:asyncapi)', () => {
    for (const [name, text] of Object.entries(asyncApiFiles()))
      expect(readFileSync(path.join(docsDir, name), 'utf8')).toBe(text);
  });

  it('has a message for every command version and job event, with the envelope headers', () => {
    const doc = buildAsyncApiDocument();
    const names = messages(doc).map((m) => m['name'] as string);
    for (const jobType of JOB_TYPES)
      for (const version of COMMAND_VERSIONS[jobType])
        expect(names).toContain(commandTypeOf(jobType, version));
    for (const event of JOB_EVENT_NAMES) expect(names).toContain(eventTypeOf(event));
    const headers = Object.keys(
      at(doc, 'components', 'messages', 'DeadLetter', 'headers', 'properties') as Json,
    );
    expect(headers.sort()).toEqual(Object.values(AMQP_HEADERS).sort());
  });

  it('names every exchange and queue under the deployment prefix', () => {
    const text = JSON.stringify(buildAsyncApiDocument({ prefix: 'staging' }));
    for (const name of ['jobs.commands', 'jobs.events', 'jobs.dead-letter'])
      expect(text).toContain(`staging.${name}`);
    expect(text).not.toMatch(/"name":"jobs\./);
  });

  it('gives examples that pass the same validation the consumers apply', () => {
    for (const message of messages(buildAsyncApiDocument())) {
      const payload = at(message, 'examples', 0, 'payload');
      if (payload === undefined) continue;
      const isCommand = (message['name'] as string).includes('.requested.');
      const result = isCommand ? validateCommand(payload) : validateEvent(payload);
      expect({ name: message['name'], ok: result.ok }).toEqual({ name: message['name'], ok: true });
    }
  });
});
