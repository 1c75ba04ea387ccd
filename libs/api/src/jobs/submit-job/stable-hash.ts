import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal bodies hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of a body's canonical JSON: the fingerprint an Idempotency-Key is bound to. */
export const requestHash = (body: unknown): string =>
  createHash('sha256').update(stableStringify(body)).digest('hex');
