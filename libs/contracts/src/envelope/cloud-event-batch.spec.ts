import { createCommand } from './message-factory';
import { newId } from './ids';
import {
  encodeBatch,
  envelopesOf,
  isBatchContentType,
  isCloudEventsContentType,
  MAX_BATCH_ENVELOPES,
} from './cloud-event-batch';

const command = () =>
  createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test',
  });

describe('CloudEvents batch mode', () => {
  it('tells a batch from a structured event by content type, parameters ignored', () => {
    expect(isBatchContentType('application/cloudevents-batch+json; charset=utf-8')).toBe(true);
    expect(isBatchContentType('application/cloudevents+json')).toBe(false);
    expect(isBatchContentType(undefined)).toBe(false);
    expect(isCloudEventsContentType('Application/CloudEvents-Batch+JSON')).toBe(true);
    expect(isCloudEventsContentType(undefined)).toBe(true);
    expect(isCloudEventsContentType('application/json')).toBe(false);
  });

  it('round-trips envelopes through one batch body', () => {
    const envelopes = [command(), command()];
    const parsed = JSON.parse(encodeBatch(envelopes).toString('utf8')) as unknown;
    expect(envelopesOf(parsed, true)).toEqual({ ok: true, value: envelopes });
  });

  it('treats a structured body as a batch of one', () => {
    const one = command();
    expect(envelopesOf(one, false)).toEqual({ ok: true, value: [one] });
  });

  it('refuses a batch that is not an array, is empty, or is too large', () => {
    const codeOf = (value: unknown) => {
      const result = envelopesOf(value, true);
      return result.ok ? 'ok' : `${result.code}: ${result.message}`;
    };
    expect(codeOf(command())).toMatch(/^INVALID_ENVELOPE: .* must be a JSON array/);
    expect(codeOf([])).toBe('INVALID_ENVELOPE: The batch is empty.');
    expect(codeOf(new Array(MAX_BATCH_ENVELOPES + 1).fill({}))).toMatch(/at most 10000/);
  });
});
