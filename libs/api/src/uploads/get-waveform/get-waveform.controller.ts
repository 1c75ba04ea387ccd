import { Controller, Get, Inject, Param, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { isMalformedWavError, waveformOf, type Waveform } from '@jobmill/audio';
import { BLOB_STORE, type BlobStore } from '@jobmill/blobs';
import { UUID_PATTERN } from '@jobmill/contracts';
import { UploadStore } from '@jobmill/persistence';
import { ApiKeyGuard } from '../../auth/api-key.guard';
import { Tenant } from '../../auth/tenant.decorator';
import { badQuery } from '../../jobs/list-jobs/job-search.query';
import { notFound, ProblemError } from '../../problems/problem.error';

const MAX_POINTS = 10_000;

const notWav = (id: string, reason: string): ProblemError =>
  new ProblemError(
    422,
    'UPLOAD_NOT_WAV',
    'Unprocessable content',
    `Upload '${id}' is not a WAV file that can be decoded: ${reason}.`,
  );

/** `GET /v1/uploads/:id/waveform`: an upload's peaks, to draw detected segments over. */
@ApiTags('uploads')
@ApiBearerAuth()
@Controller('v1/uploads')
@UseGuards(ApiKeyGuard)
export class GetWaveformController {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly uploads: UploadStore,
  ) {}

  @Get(':id/waveform')
  @ApiOperation({
    summary: "An upload's waveform: lowest and highest sample of each bucket, mono",
    description:
      'The audio is read once, channels mixed to mono, and split into `points` equal buckets (fewer if it has fewer frames); min and max are in [-1, 1].',
  })
  @ApiQuery({ name: 'points', required: false, description: `1-${MAX_POINTS}, default 800` })
  @ApiResponse({ status: 200, description: '{ sampleRate, durationSeconds, points, min, max }' })
  @ApiResponse({ status: 404, description: 'No such upload for this tenant (NOT_FOUND).' })
  @ApiResponse({ status: 422, description: 'Not a decodable WAV file (UPLOAD_NOT_WAV).' })
  async get(
    @Tenant() tenant: string,
    @Param('id') id: string,
    @Query('points') points?: string,
  ): Promise<Waveform> {
    const n = points === undefined ? 800 : Number(points);
    if (!Number.isInteger(n) || n < 1 || n > MAX_POINTS)
      throw badQuery('/points', `points must be an integer from 1 to ${MAX_POINTS}`);
    const upload = UUID_PATTERN.test(id) ? await this.uploads.find(tenant, id.toLowerCase()) : null;
    if (!upload) throw notFound('Upload', id);
    const stream = await this.blobs.open(upload.id);
    try {
      return await waveformOf(stream, n, upload.size);
    } catch (error) {
      if (isMalformedWavError(error)) throw notWav(id, error.message);
      throw error;
    } finally {
      stream.destroy();
    }
  }
}
