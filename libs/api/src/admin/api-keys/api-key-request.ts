import { TENANT_PATTERN } from '@jobmill/contracts';
import { API_KEY_SCOPES, type ApiKeyScope } from '@jobmill/persistence';
import { ProblemError } from '../../problems/problem.error';

/** `POST /v1/admin/api-keys`, checked. */
export interface CreateApiKeyRequest {
  readonly tenant: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly name?: string;
  readonly rateLimitPerMinute?: number;
}

/** JSON Schema of the body, for the OpenAPI document. */
export const createApiKeySchema = {
  type: 'object',
  required: ['tenant'],
  additionalProperties: false,
  properties: {
    tenant: { type: 'string', pattern: TENANT_PATTERN.source },
    scopes: {
      type: 'array',
      items: { enum: [...API_KEY_SCOPES] },
      minItems: 1,
      default: ['submit', 'read'],
    },
    name: { type: 'string', maxLength: 100 },
    rateLimitPerMinute: {
      type: 'integer',
      minimum: 0,
      maximum: 1_000_000,
      description: 'Requests per minute; 0 is unlimited; default RATE_LIMIT_PER_MINUTE.',
    },
  },
} as const;

const invalid = (path: string, message: string): ProblemError =>
  new ProblemError(400, 'INVALID_API_KEY_REQUEST', 'Bad request', message, [{ path, message }]);

const isScope = (s: unknown): s is ApiKeyScope => API_KEY_SCOPES.includes(s as ApiKeyScope);

function tenantOf(b: Record<string, unknown>): string {
  const tenant = b['tenant'];
  if (typeof tenant === 'string' && TENANT_PATTERN.test(tenant)) return tenant;
  throw invalid('/tenant', 'tenant must be a slug (a-z, 0-9, _ and -, up to 63 characters)');
}

function scopesOf(b: Record<string, unknown>): ApiKeyScope[] {
  const scopes = b['scopes'] ?? ['submit', 'read'];
  if (Array.isArray(scopes) && scopes.length > 0 && scopes.every(isScope))
    return [...new Set(scopes)];
  throw invalid('/scopes', `scopes must be a non-empty list of ${API_KEY_SCOPES.join(', ')}`);
}

function nameOf(b: Record<string, unknown>): { name?: string } {
  const name = b['name'];
  if (name === undefined) return {};
  if (typeof name === 'string' && name.length <= 100) return { name };
  throw invalid('/name', 'name must be a string of at most 100 characters');
}

function rateOf(b: Record<string, unknown>): { rateLimitPerMinute?: number } {
  const rate = b['rateLimitPerMinute'];
  if (rate === undefined) return {};
  if (typeof rate === 'number' && Number.isInteger(rate) && rate >= 0 && rate <= 1_000_000)
    return { rateLimitPerMinute: rate };
  throw invalid('/rateLimitPerMinute', 'rateLimitPerMinute must be an integer, 0 to 1000000');
}

/** Checks a create request; a 400 names the first offending field. */
export function parseCreateApiKey(body: unknown): CreateApiKeyRequest {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const extra = Object.keys(b).find((k) => !(k in createApiKeySchema.properties));
  if (extra !== undefined) throw invalid(`/${extra}`, `unknown field '${extra}'`);
  return { tenant: tenantOf(b), scopes: scopesOf(b), ...nameOf(b), ...rateOf(b) };
}
