import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@jobmill/contracts';
import { API_CONFIG, type ApiConfig } from '../api.config';

/** `GET /asyncapi.json`: the AMQP interface's contract, with this deployment's names. Public. */
@ApiTags('docs')
@Controller()
export class AsyncApiController {
  private readonly document: Record<string, unknown>;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    // Generated from the contracts, like docs/asyncapi.json, but under this TOPOLOGY_PREFIX.
    const url = new URL(config.amqpUrl);
    this.document = buildAsyncApiDocument({
      prefix: config.topologyPrefix,
      host: `${url.hostname}:${url.port || (url.protocol === 'amqps:' ? '5671' : '5672')}`,
    });
  }

  @Get('asyncapi.json')
  @ApiOperation({ summary: 'The AsyncAPI 3 document of the AMQP interface (commands, events)' })
  asyncApi(): Record<string, unknown> {
    return this.document;
  }
}
