/** An uploaded blob's metadata; the bytes live in the blob store under the same id. */
export interface UploadRecord {
  readonly id: string;
  readonly tenant: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
  readonly filename: string | null;
  readonly createdAt: string;
}

/** What the API knows about an upload when it records it. */
export interface NewUpload {
  readonly id: string;
  readonly tenant: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: string;
  readonly filename?: string;
}
