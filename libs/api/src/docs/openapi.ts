import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  detectionResultSchema,
  jobErrorSchema,
  normalizeResultSchema,
  pingResultSchema,
} from '@jobmill/contracts';

/** Serves the OpenAPI document at /docs (UI) and /docs-json, with the contracts' schemas in it. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('jobmill API')
    .setDescription(
      'Submit long, CPU-heavy audio jobs and follow them to a result. Errors are application/problem+json. ' +
        'Authenticate with "Authorization: Bearer <key>" or "X-API-Key".',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      DetectionResult: detectionResultSchema as object,
      NormalizeResult: normalizeResultSchema as object,
      PingResult: pingResultSchema as object,
      JobError: jobErrorSchema as object,
    },
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
