import { Controller, Delete, HttpCode, Inject, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BLOB_STORE, type BlobStore } from '@jobmill/blobs';
import { UploadStore } from '@jobmill/persistence';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { Tenant } from '../auth/tenant.decorator';
import { notFound, ProblemError } from '../problems/problem.error';

/** `DELETE /v1/uploads/:id`: removes the tenant's upload, record and blob. */
@ApiTags('uploads')
@ApiBearerAuth()
@Controller('v1/uploads')
@UseGuards(ApiKeyGuard)
export class DeleteUploadController {
  constructor(
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    private readonly uploads: UploadStore,
  ) {}

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete an upload (its record and its audio)',
    description:
      'Jobs that already finished keep their results. An upload that a queued or running job ' +
      'still reads is kept: 409 UPLOAD_IN_USE names the job; cancel it or wait for it to finish.',
  })
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiResponse({ status: 404, description: 'No such upload for this tenant (NOT_FOUND).' })
  @ApiResponse({ status: 409, description: 'An unfinished job reads it (UPLOAD_IN_USE).' })
  async delete(@Tenant() tenant: string, @Param('id') id: string): Promise<void> {
    const deletion = await this.uploads.deleteUnlessInUse(tenant, id);
    if (deletion.outcome === 'not-found') throw notFound('Upload', id);
    if (deletion.outcome === 'in-use') throw uploadInUse(id, deletion.jobId);
    // The record went first: a blob left by a failure here is unreachable, never a dangling id.
    await this.blobs.delete(id.toLowerCase());
  }
}

const uploadInUse = (id: string, jobId: string): ProblemError =>
  new ProblemError(
    409,
    'UPLOAD_IN_USE',
    'Conflict',
    `Upload '${id}' is the input of job '${jobId}', which has not finished; ` +
      'cancel the job or wait for it to finish, then delete the upload.',
    [{ path: '/id', message: `used by job ${jobId}` }],
  );
