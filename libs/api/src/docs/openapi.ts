import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  clipsResultSchema,
  detectionResultSchema,
  jobErrorSchema,
  normalizeResultSchema,
  pingResultSchema,
} from '@jobmill/contracts';
import { documentHealthEndpoints } from './health-endpoints.openapi';
import { jobResourceSchema } from './job-resource.schema';

/** Serves the OpenAPI document at /docs (UI) and /docs-json, with the contracts' schemas in it. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('jobmill API')
    .setDescription(
      'Submit long, CPU-heavy audio jobs and follow them to a result. Errors are application/problem+json. ' +
        'Authenticate with "Authorization: Bearer <key>" (the scheme in any case) or "X-API-Key". ' +
        'Keys have scopes: read (GET), submit (uploads, submissions, cancel, retry), admin (/v1/admin; ' +
        'and every tenant, or one with tenant=, on GET /v1/jobs, GET /v1/stats/timeline and POST /v1/jobs/bulk). ' +
        'No key or an unknown, revoked or expired one: 401; a key without the scope: 403; past its ' +
        'requests per minute: 429 with Retry-After. Bodies: JSON up to MAX_JSON_BYTES, uploads up to ' +
        'MAX_UPLOAD_BYTES (413 names the limit); an upload without a decodable WAV header: 422. ' +
        'Finished jobs, their history and their output are deleted after JOB_RETENTION (7d by ' +
        'default) or the shorter "retention" they were submitted with; `expiresAt` says when. ' +
        'Uploads stay until DELETE /v1/uploads/{id}. ' +
        'Webhooks: a submission with callbackUrl gets the job (this JSON of GET /v1/jobs/{id}) POSTed ' +
        'there on each terminal state, with Jobmill-Signature: t=<unix seconds>,v1=<hex ' +
        'HMAC-SHA256(tenant secret, "<t>.<raw body>")>, retried with backoff for 24 h; each attempt is ' +
        'a webhook.delivered or webhook.failed entry of GET /v1/jobs/{id}/events. ' +
        'Pipelines: a submission with `then: [{ type, input? }, ...]` answers a parent job of type ' +
        '"pipeline" whose `steps` are ordinary jobs, each started once the one before it SUCCEEDED ' +
        'and fed its output (detection.vad then processing.clips: the speech as a ZIP at ' +
        'GET /v1/jobs/{pipeline id}/output).',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' })
    .build();
  documentHealthEndpoints();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      DetectionResult: detectionResultSchema as object,
      NormalizeResult: normalizeResultSchema as object,
      ClipsResult: clipsResultSchema as object,
      PingResult: pingResultSchema as object,
      JobError: jobErrorSchema as object,
      Job: jobResourceSchema as object,
    },
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
