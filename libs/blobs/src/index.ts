export { isBlobId, shardSegments, toBlobId } from './blob-id';
export {
  BLOB_STORE,
  type BlobInfo,
  type BlobLimits,
  type BlobStore,
  type BlobWriter,
} from './blob-store.port';
export { BlobNotFoundError } from './errors/blob-not-found.error';
export { BlobTooLargeError } from './errors/blob-too-large.error';
export { InvalidBlobIdError } from './errors/invalid-blob-id.error';
export { HashingFileWriter } from './hashing-file.writer';
export { LocalDiskBlobStore } from './local-disk.blob-store';
export { requireLocalPath } from './local-path';
