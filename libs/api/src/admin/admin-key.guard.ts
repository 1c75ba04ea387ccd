import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { keyFrom } from '../auth/api-key.guard';
import { ProblemError } from '../problems/problem.error';

/** Lets through only keys listed in ADMIN_API_KEYS (401 without a key, 403 with another). */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const key = keyFrom(ctx.switchToHttp().getRequest<Request>());
    if (key !== undefined && this.config.adminKeys.has(key)) return true;
    if (key === undefined)
      throw new ProblemError(
        401,
        'UNAUTHORIZED',
        'Unauthorized',
        'Send an admin API key as "Authorization: Bearer <key>" or "X-API-Key".',
        [],
        { 'WWW-Authenticate': 'Bearer' },
      );
    throw new ProblemError(403, 'FORBIDDEN', 'Forbidden', 'This key may not use admin endpoints.');
  }
}
