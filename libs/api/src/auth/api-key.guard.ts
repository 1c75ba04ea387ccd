import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { ProblemError } from '../problems/problem.error';

/** Reads the key from `Authorization: Bearer <key>` or `X-API-Key`. */
export function keyFrom(req: Request): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = req.headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : undefined;
}

/** Maps an API key to its tenant; every job and upload belongs to that tenant. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request & { tenant?: string }>();
    const key = keyFrom(req);
    const tenant = key === undefined ? undefined : this.config.apiKeys.get(key);
    if (!tenant) {
      throw new ProblemError(
        401,
        'UNAUTHORIZED',
        'Unauthorized',
        key === undefined
          ? 'Send an API key as "Authorization: Bearer <key>" or "X-API-Key".'
          : 'The API key is not valid.',
        [],
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    req.tenant = tenant;
    return true;
  }
}
