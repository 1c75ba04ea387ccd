import { extension } from 'mime-types';

/** The download's file name: the job id, with the extension of the blob's content type. */
export const outputFileName = (jobId: string, contentType: string): string =>
  `${jobId}.${extension(contentType) || 'bin'}`;
