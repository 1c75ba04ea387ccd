import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { ProblemError } from '../problems/problem.error';

const RAW_TYPES = new Set([
  'audio/wav',
  'audio/x-wav',
  'audio/wave',
  'audio/vnd.wave',
  'application/octet-stream',
]);

/** The audio stream of an upload request, whichever way it was sent. */
export interface UploadSource {
  readonly stream: Readable;
  readonly contentType: string;
  readonly filename?: string;
}

const unsupported = (type: string): ProblemError =>
  new ProblemError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Unsupported media type',
    `Send the audio as the raw body (Content-Type: audio/wav) or as multipart/form-data field "file"; got '${type || 'none'}'.`,
  );

/** Picks the raw body or the multipart field "file" as a stream, without buffering it. */
export function uploadSource(req: Request): Promise<UploadSource> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (RAW_TYPES.has(type))
    return Promise.resolve({
      stream: req,
      contentType: type === 'application/octet-stream' ? 'audio/wav' : type,
    });
  if (type === 'multipart/form-data') return multipartFile(req);
  return Promise.reject(unsupported(type));
}

function multipartFile(req: Request): Promise<UploadSource> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10 } });
    } catch (error) {
      reject(new ProblemError(400, 'BAD_MULTIPART', 'Bad request', (error as Error).message));
      return;
    }
    let found = false;
    parser.on('file', (field, stream, info) => {
      if (field !== 'file' || found) return void stream.resume();
      found = true;
      resolve({ stream, contentType: info.mimeType || 'audio/wav', filename: info.filename });
    });
    parser.on('error', (error: Error) =>
      reject(new ProblemError(400, 'BAD_MULTIPART', 'Bad request', error.message)),
    );
    parser.on('close', () => {
      if (!found)
        reject(
          new ProblemError(
            400,
            'MISSING_FILE',
            'Bad request',
            'The multipart body has no field named "file".',
          ),
        );
    });
    req.pipe(parser);
  });
}
