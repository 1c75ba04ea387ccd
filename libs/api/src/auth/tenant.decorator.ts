import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The tenant the request's API key belongs to (set by ApiKeyGuard). */
export const Tenant = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<Request & { tenant?: string }>();
  if (!req.tenant) throw new Error('Tenant used on a route without ApiKeyGuard');
  return req.tenant;
});
