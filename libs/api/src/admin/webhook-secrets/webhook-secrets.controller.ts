import { Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { TENANT_PATTERN } from '@jobmill/contracts';
import { WebhookSecretStore, type IssuedWebhookSecret } from '@jobmill/persistence';
import { ProblemError } from '../../problems/problem.error';
import { AdminKeyGuard } from '../admin-key.guard';
import { parseGraceSeconds, rotationBodySchema } from '../grace-seconds';

/** Webhook signing secrets, rotated by an admin key: the new secret is shown once. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/webhook-secrets')
@UseGuards(AdminKeyGuard)
export class WebhookSecretsController {
  constructor(private readonly secrets: WebhookSecretStore) {}

  @Post(':tenant/rotate')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Make a new webhook secret for a tenant: deliveries are signed with it from now on, and with the one it replaces for graceSeconds more',
  })
  @ApiBody({ schema: rotationBodySchema as object, required: false })
  @ApiParam({ name: 'tenant', description: 'Tenant slug' })
  @ApiResponse({
    status: 201,
    description: '{ tenant, secret, createdAt, previousSignsUntil }: the secret, shown this once',
  })
  rotate(@Param('tenant') tenant: string, @Body() body: unknown): Promise<IssuedWebhookSecret> {
    if (!TENANT_PATTERN.test(tenant))
      throw new ProblemError(
        400,
        'INVALID_TENANT',
        'Bad request',
        `'${tenant}' is not a tenant slug.`,
        [{ path: '/tenant', message: 'not a tenant slug' }],
      );
    return this.secrets.rotate(tenant, parseGraceSeconds(body));
  }
}
