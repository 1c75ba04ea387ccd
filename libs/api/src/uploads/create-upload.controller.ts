import { Controller, HttpCode, Inject, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BLOB_STORE, type BlobStore } from '@jobmill/blobs';
import { newId } from '@jobmill/contracts';
import { UploadStore } from '@jobmill/persistence';
import type { Request } from 'express';
import type { Readable, Transform } from 'node:stream';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { Tenant } from '../auth/tenant.decorator';
import { ProblemError } from '../problems/problem.error';
import { uploadSource } from './upload-source';
import { wavHeaderGate } from './wav-header.gate';

/** What `POST /v1/uploads` answers. */
export interface UploadCreated {
  readonly id: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
}

/** Streams an audio upload into the blob store, size-limited, and records who owns it. */
@ApiTags('uploads')
@ApiBearerAuth()
@Controller('v1/uploads')
@UseGuards(ApiKeyGuard)
export class CreateUploadController {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly uploads: UploadStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Upload audio (raw body audio/wav, or multipart field "file")' })
  @ApiConsumes('audio/wav', 'multipart/form-data')
  @ApiResponse({ status: 201, description: '{ id, size, sha256, contentType }' })
  @ApiResponse({ status: 413, description: 'Larger than MAX_UPLOAD_BYTES' })
  @ApiResponse({ status: 415, description: 'Neither audio/wav (raw body) nor multipart/form-data' })
  @ApiResponse({
    status: 422,
    description: 'MALFORMED_WAV: not a RIFF/WAVE header the workers can decode',
  })
  async create(@Req() req: Request, @Tenant() tenant: string): Promise<UploadCreated> {
    const limit = this.config.maxUploadBytes;
    if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge(limit);
    const source = await uploadSource(req);
    const id = newId();
    const stored = await this.blobs
      .put(id, source.stream.pipe(gateOf(source.stream)), { maxBytes: limit })
      .catch((error: unknown) => {
        throw (error as { code?: string }).code === 'BLOB_TOO_LARGE' ? tooLarge(limit) : error;
      });
    await this.uploads.insert({
      id,
      tenant,
      size: stored.size,
      sha256: stored.sha256,
      contentType: source.contentType,
      ...(source.filename ? { filename: source.filename } : {}),
    });
    return { id, size: stored.size, sha256: stored.sha256, contentType: source.contentType };
  }
}

/** The header check between the request and the blob store; a client abort still ends it. */
function gateOf(source: Readable): Transform {
  const gate = wavHeaderGate();
  source.once('error', (error) => gate.destroy(error));
  return gate;
}

const tooLarge = (limit: number): ProblemError =>
  new ProblemError(
    413,
    'PAYLOAD_TOO_LARGE',
    'Payload too large',
    `Uploads are limited to ${limit} bytes (MAX_UPLOAD_BYTES).`,
    [],
    { Connection: 'close' },
  );
