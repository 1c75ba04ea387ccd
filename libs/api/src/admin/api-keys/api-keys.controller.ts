import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { ApiKeyRecord } from '@jobmill/persistence';
import { AdminKeyGuard } from '../admin-key.guard';
import { parseGraceSeconds, rotationBodySchema } from '../grace-seconds';
import { createApiKeySchema, parseCreateApiKey } from './api-key-request';
import { ApiKeysHandler, type IssuedApiKey } from './api-keys.handler';

/** Stored API keys, managed by an admin key: the whole key is shown once, at creation or rotation. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/api-keys')
@UseGuards(AdminKeyGuard)
export class ApiKeysController {
  constructor(private readonly handler: ApiKeysHandler) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a key for a tenant with scopes (submit, read, admin)' })
  @ApiBody({ schema: createApiKeySchema as object })
  @ApiResponse({ status: 201, description: 'The key record and `key`, shown this once' })
  create(@Body() body: unknown): Promise<IssuedApiKey> {
    return this.handler.create(parseCreateApiKey(body));
  }

  @Get()
  @ApiOperation({ summary: 'Keys, newest first (never their secrets), optionally of one tenant' })
  @ApiQuery({ name: 'tenant', required: false })
  async list(@Query('tenant') tenant?: string): Promise<{ items: ApiKeyRecord[] }> {
    return { items: await this.handler.list(tenant || undefined) };
  }

  @Post(':id/rotate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Replace a key: a new one now; the old one works graceSeconds longer' })
  @ApiBody({ schema: rotationBodySchema as object })
  rotate(@Param('id') id: string, @Body() body: unknown): Promise<IssuedApiKey> {
    return this.handler.rotate(id, parseGraceSeconds(body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a key at once' })
  async revoke(@Param('id') id: string): Promise<void> {
    await this.handler.revoke(id);
  }
}
