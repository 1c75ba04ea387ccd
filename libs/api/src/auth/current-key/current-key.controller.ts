import { Controller, Get, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { API_KEY_SCOPES, type ApiKeyScope } from '@jobmill/persistence';
import type { Request } from 'express';
import type { ApiPrincipal } from '../api-key.authenticator';
import { AnyValidKeyGuard } from './any-valid-key.guard';

/** What `GET /v1/me` says of the calling key. */
export interface CurrentKey {
  readonly tenant: string;
  readonly scopes: readonly ApiKeyScope[];
}

/** Tells a client (the dashboard) what its key may do, so it offers only that. */
@ApiTags('keys')
@ApiBearerAuth()
@Controller('v1/me')
@UseGuards(AnyValidKeyGuard)
export class CurrentKeyController {
  @Get()
  @ApiOperation({ summary: "The calling key's tenant and scopes (any valid key may ask)" })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['tenant', 'scopes'],
      properties: {
        tenant: { type: 'string' },
        scopes: { type: 'array', items: { type: 'string', enum: [...API_KEY_SCOPES] } },
      },
    },
  })
  current(@Req() req: Request & { principal?: ApiPrincipal }): CurrentKey {
    const principal = req.principal as ApiPrincipal;
    // In the order API_KEY_SCOPES lists them, so the answer does not depend on how the key was made.
    const scopes = API_KEY_SCOPES.filter((s) => principal.scopes.has(s));
    return { tenant: principal.tenant, scopes };
  }
}
