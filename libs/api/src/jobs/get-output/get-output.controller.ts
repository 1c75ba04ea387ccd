import { Controller, Get, Inject, Param, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { BLOB_STORE, type BlobStore } from '@jobmill/blobs';
import { UUID_PATTERN } from '@jobmill/contracts';
import { JobStore } from '@jobmill/persistence';
import type { Response } from 'express';
import { Tenant } from '../../auth/tenant.decorator';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { notFound, ProblemError } from '../../problems/problem.error';
import { outputFileName } from './output-file-name';

/** The blob a job produced, as recorded in its result. */
interface OutputRef {
  readonly blobId: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
}

/**
 * `GET /v1/jobs/:id/output`: streams a finished job's output blob (the normalised WAV, the ZIP of
 * clips), served as the content type its result records.
 */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('v1/jobs')
@UseGuards(ApiKeyGuard)
export class GetOutputController {
  constructor(
    private readonly jobs: JobStore,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  @Get(':id/output')
  @ApiOperation({
    summary: "Download a succeeded job's output file",
    description:
      "The content type is the one in the result's output: audio/wav for processing.normalize, application/zip for processing.clips (WAV clips and manifest.json).",
  })
  @ApiProduces('audio/wav', 'application/zip')
  async download(
    @Tenant() tenant: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const job = UUID_PATTERN.test(id) ? await this.jobs.findById(tenant, id.toLowerCase()) : null;
    if (!job) throw notFound('Job', id);
    const output = (job.result as { output?: OutputRef } | null)?.output;
    if (job.status !== 'SUCCEEDED' || !output) {
      throw new ProblemError(
        409,
        'NO_OUTPUT',
        'Conflict',
        `Job '${id}' is ${job.status} and has no output file.`,
      );
    }
    const stream = await this.blobs.open(output.blobId);
    res.setHeader('ETag', `"${output.sha256}"`);
    // Nest streams it: a client that closes the connection as the last byte arrives (curl does)
    // ends the read quietly instead of failing the request after its headers went out.
    return new StreamableFile(stream, {
      type: output.contentType,
      length: output.size,
      disposition: `attachment; filename="${outputFileName(job.id, output.contentType)}"`,
    });
  }
}
