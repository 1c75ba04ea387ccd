import { UUID_PATTERN } from '../shared/uuid';
import type { DataSource } from 'typeorm';
import { runSql } from '../shared/run-sql';
import type { NewUpload, UploadRecord } from './upload-record';

interface UploadRow {
  readonly id: string;
  readonly tenant: string;
  readonly size: string;
  readonly sha256: string;
  readonly content_type: string;
  readonly filename: string | null;
  readonly created_at: Date;
}

/** What deleting an upload did: gone, kept for an unfinished job, or there was none. */
export type UploadDeletion =
  | { readonly outcome: 'deleted' }
  | { readonly outcome: 'in-use'; readonly jobId: string }
  | { readonly outcome: 'not-found' };

// An unfinished job of the tenant naming the upload keeps it (its worker still has to read the
// blob); one statement, so the check and the delete see the same jobs.
const DELETE_UNLESS_IN_USE = `
  WITH upload AS (SELECT id FROM uploads WHERE id = $1 AND tenant = $2),
  busy AS (
    SELECT j.id FROM jobs j, upload u
    WHERE j.tenant = $2 AND j.status IN ('PENDING', 'QUEUED', 'RUNNING', 'RETRYING')
      AND j.input->>'uploadId' = u.id::text
    LIMIT 1
  ), gone AS (
    DELETE FROM uploads WHERE id IN (SELECT id FROM upload) AND NOT EXISTS (SELECT 1 FROM busy)
    RETURNING id
  )
  SELECT (SELECT id FROM upload) AS upload_id, (SELECT id FROM busy) AS busy_job,
    (SELECT id FROM gone) AS deleted`;

/** Records uploads and looks them up per tenant. */
export class UploadStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records an upload (its id is fresh, so a conflict is a bug and throws). */
  async insert(upload: NewUpload): Promise<void> {
    await runSql(
      this.dataSource,
      `INSERT INTO uploads (id, tenant, size, sha256, content_type, filename)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        upload.id,
        upload.tenant,
        upload.size,
        upload.sha256,
        upload.contentType,
        upload.filename ?? null,
      ],
    );
  }

  /** Which of these ids are uploads of the tenant: one query for a whole batch of submissions. */
  async existing(tenant: string, ids: readonly string[]): Promise<Set<string>> {
    const wellFormed = [...new Set(ids)].filter((id) => UUID_PATTERN.test(id));
    if (wellFormed.length === 0) return new Set();
    const { rows } = await runSql<{ id: string }>(
      this.dataSource,
      `SELECT id FROM uploads WHERE tenant = $1 AND id = ANY($2::uuid[])`,
      [tenant, wellFormed],
    );
    const found = new Set(rows.map((row) => row.id.toLowerCase()));
    return new Set(ids.filter((id) => found.has(id.toLowerCase())));
  }

  /**
   * Deletes the tenant's upload record unless an unfinished job of the tenant still names it
   * (another tenant's upload is not found). The caller removes the blob afterwards.
   */
  async deleteUnlessInUse(tenant: string, id: string): Promise<UploadDeletion> {
    if (!UUID_PATTERN.test(id)) return { outcome: 'not-found' };
    const { rows } = await runSql<{
      upload_id: string | null;
      busy_job: string | null;
      deleted: string | null;
    }>(this.dataSource, DELETE_UNLESS_IN_USE, [id.toLowerCase(), tenant]);
    const row = rows[0];
    if (!row?.upload_id) return { outcome: 'not-found' };
    if (row.busy_job) return { outcome: 'in-use', jobId: row.busy_job };
    return { outcome: 'deleted' };
  }

  /** The tenant's upload, or null (also for another tenant's upload or a malformed id). */
  async find(tenant: string, id: string): Promise<UploadRecord | null> {
    if (!UUID_PATTERN.test(id)) return null;
    const { rows } = await runSql<UploadRow>(
      this.dataSource,
      `SELECT id, tenant, size, sha256, content_type, filename, created_at
       FROM uploads WHERE id = $1 AND tenant = $2`,
      [id, tenant],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      tenant: row.tenant,
      // bigint arrives as a string; uploads are far below 2^53 bytes.
      size: Number(row.size),
      sha256: row.sha256,
      contentType: row.content_type,
      filename: row.filename,
      createdAt: row.created_at.toISOString(),
    };
  }
}
