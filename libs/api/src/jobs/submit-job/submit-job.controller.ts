import { Body, Controller, Headers, HttpCode, Inject, Post, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { jobSubmissionSchema, traceContextOf } from '@jobmill/contracts';
import { JOB_ATTRIBUTES, MESSAGING_ATTRIBUTES, tracingEnabled } from '@jobmill/transport';
import type { Response } from 'express';
import { API_CONFIG, type ApiConfig } from '../../api.config';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';
import { ProblemError } from '../../problems/problem.error';
import { jobPath, presentJob, type JobResource } from '@jobmill/persistence';
import { BatchIdempotency, type BatchSubmitted } from './batch-idempotency';
import { SubmitJobHandler, type Submitted } from './submit-job.handler';
import { tracedSubmission } from './submission.tracing';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

const TRACEPARENT_HEADER = {
  name: 'traceparent',
  required: false,
  description:
    "W3C trace context (and `tracestate`): the jobs' spans join this trace when tracing is on; " +
    'carried in their commands either way. A malformed value is ignored.',
};

/** `POST /v1/jobs` and `POST /v1/jobs/batch`: 202 once the broker has the command. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class SubmitJobController {
  constructor(
    private readonly handler: SubmitJobHandler,
    private readonly batches: BatchIdempotency,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a job' })
  @ApiBody({ schema: jobSubmissionSchema as object })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body give the same job; a different body is a 409.',
  })
  @ApiHeader(TRACEPARENT_HEADER)
  @ApiResponse({
    status: 202,
    description: 'Accepted; Location names the job.',
    schema: { $ref: '#/components/schemas/Job' },
  })
  @ApiResponse({
    status: 400,
    description:
      'Invalid submission (INVALID_DATA, UNKNOWN_TYPE), a retention longer than ' +
      'JOB_RETENTION (RETENTION_TOO_LONG, naming the limit), or a pipeline step that cannot ' +
      'follow the one before it (PIPELINE_STEP_INCOMPATIBLE, at /then/<i>/type).',
  })
  @ApiResponse({
    status: 200,
    description: 'An unfinished job of the tenant already holds the dedupKey: that job.',
  })
  @ApiResponse({
    status: 429,
    description:
      'TENANT_RATE_LIMIT or TENANT_IN_FLIGHT_LIMIT (TENANT_LIMITS): nothing accepted, retry after Retry-After.',
  })
  @ApiResponse({
    status: 503,
    description:
      'BROKER_UNAVAILABLE, DATABASE_UNAVAILABLE, BROKER_BLOCKED (a RabbitMQ memory or disk alarm), or QUEUE_FULL (QUEUE_LIMITS): nothing accepted, retry after Retry-After.',
  })
  async submit(
    @Tenant() tenant: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @Headers('traceparent') traceparent: string | undefined,
    @Headers('tracestate') tracestate: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobResource> {
    checkIdempotencyKey(key);
    const trace = traceContextOf(traceparent, tracestate);
    const submit = () => this.handler.submit(tenant, body, key, trace);
    const submitted = tracingEnabled()
      ? await tracedSubmission({ route: '/v1/jobs', tenant, trace }, submit, describeSubmitted)
      : await submit();
    const { job } = submitted;
    res.setHeader('Location', jobPath(job.id));
    if (submitted.replayed) res.setHeader('Idempotent-Replayed', 'true');
    // Nothing new was accepted: the job that holds the key is answered as it is.
    if (submitted.deduplicated) res.status(200);
    return presentJob(job);
  }

  @Post('batch')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Submit many jobs at once (all or none)',
    description: 'A member with `then` (a pipeline) is refused: 400 PIPELINE_IN_BATCH.',
  })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['jobs'],
      properties: { jobs: { type: 'array', items: jobSubmissionSchema as object } },
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body give the same jobs; a different body is a 409.',
  })
  @ApiHeader(TRACEPARENT_HEADER)
  async submitBatch(
    @Tenant() tenant: string,
    @Body() body: { jobs?: unknown },
    @Headers('idempotency-key') key: string | undefined,
    @Headers('traceparent') traceparent: string | undefined,
    @Headers('tracestate') tracestate: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ jobs: JobResource[] }> {
    checkIdempotencyKey(key);
    const jobs = body?.jobs;
    if (!Array.isArray(jobs) || jobs.length === 0 || jobs.length > this.config.maxBatchJobs) {
      throw new ProblemError(
        400,
        'INVALID_BATCH',
        'Invalid job',
        `"jobs" must be an array of 1 to ${this.config.maxBatchJobs} job submissions.`,
        [{ path: '/jobs', message: 'expected a non-empty array' }],
      );
    }
    const trace = traceContextOf(traceparent, tracestate);
    const submit = (): Promise<BatchSubmitted> =>
      key === undefined
        ? this.handler
            .submitMany(tenant, jobs, trace)
            .then((views) => ({ jobs: views, replayed: false }))
        : this.batches.submit(tenant, key, body, jobs, trace);
    const batch = tracingEnabled()
      ? await tracedSubmission({ route: '/v1/jobs/batch', tenant, trace }, submit, (b) => ({
          [MESSAGING_ATTRIBUTES.batchCount]: b.jobs.length,
        }))
      : await submit();
    if (batch.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return { jobs: batch.jobs.map(presentJob) };
  }
}

function checkIdempotencyKey(key: string | undefined): void {
  if (key === undefined || IDEMPOTENCY_KEY.test(key)) return;
  throw new ProblemError(
    400,
    'INVALID_IDEMPOTENCY_KEY',
    'Bad request',
    'Idempotency-Key must be 1-200 visible ASCII characters.',
  );
}

/** The submission span's record of what was answered. */
const describeSubmitted = (submitted: Submitted) => ({
  [JOB_ATTRIBUTES.id]: submitted.job.id,
  'http.response.status_code': submitted.deduplicated ? 200 : 202,
});
