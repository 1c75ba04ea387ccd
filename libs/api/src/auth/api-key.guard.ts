import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { ApiKeyScope } from '@jobmill/persistence';
import type { Request, Response } from 'express';
import { ProblemError } from '../problems/problem.error';
import { ApiKeyAuthenticator, type ApiPrincipal } from './api-key.authenticator';
import { KeyRateLimiter, type RateDecision } from './key-rate.limiter';

const BEARER = /^bearer[ \t]+(\S.*)$/i;

/** Reads the key from `Authorization: Bearer <key>` (scheme in any case) or `X-API-Key`. */
export function keyFrom(req: Request): string | undefined {
  const bearer = BEARER.exec(req.headers.authorization ?? '')?.[1]?.trim();
  if (bearer) return bearer;
  const header = req.headers['x-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
}

/** Reads answer to `read`; everything else (uploads, submissions, cancel, retry) needs `submit`. */
const scopeOf = (method: string): ApiKeyScope =>
  ['GET', 'HEAD', 'OPTIONS'].includes(method) ? 'read' : 'submit';

const unauthorized = (detail: string): ProblemError =>
  new ProblemError(401, 'UNAUTHORIZED', 'Unauthorized', detail, [], {
    'WWW-Authenticate': 'Bearer',
  });

/**
 * Maps an API key to its tenant (every job and upload belongs to it) and checks the route's
 * scope and the key's rate limit: 401 for no key or an unknown one, 403 for a key without the
 * scope, 429 with Retry-After past the limit.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyAuthenticator,
    private readonly limiter: KeyRateLimiter,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<Request & { tenant?: string; principal?: ApiPrincipal }>();
    const principal = await this.authorize(req, this.scopeFor(req));
    const decision = await this.limiter.take(principal);
    if (decision) rateHeaders(http.getResponse<Response>(), decision);
    if (decision && !decision.allowed) throw tooMany(decision);
    req.tenant = principal.tenant;
    req.principal = principal;
    return true;
  }

  /** The scope a request needs. */
  protected scopeFor(req: Request): ApiKeyScope {
    return scopeOf(req.method);
  }

  /** Whether the key may make a request that needs `scope`. */
  protected permits(principal: ApiPrincipal, scope: ApiKeyScope): boolean {
    return principal.scopes.has(scope);
  }

  private async authorize(req: Request, scope: ApiKeyScope): Promise<ApiPrincipal> {
    const key = keyFrom(req);
    if (key === undefined)
      throw unauthorized('Send an API key as "Authorization: Bearer <key>" or "X-API-Key".');
    const principal = await this.keys.authenticate(key);
    if (!principal) throw unauthorized('The API key is not valid.');
    if (!this.permits(principal, scope))
      throw new ProblemError(
        403,
        'FORBIDDEN',
        'Forbidden',
        `This key lacks the '${scope}' scope this request needs.`,
      );
    return principal;
  }
}

function rateHeaders(res: Response, decision: RateDecision): void {
  res.setHeader('RateLimit-Limit', String(decision.limit));
  res.setHeader('RateLimit-Remaining', String(decision.remaining));
}

const tooMany = (decision: RateDecision): ProblemError =>
  new ProblemError(
    429,
    'RATE_LIMITED',
    'Too many requests',
    `This key is limited to ${decision.limit} requests per minute; retry after ${decision.retryAfterSeconds} s.`,
    [],
    { 'Retry-After': String(decision.retryAfterSeconds) },
  );
