import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { EventStream } from './event-stream';

/** Whether the client asked for Server-Sent Events. */
export const wantsEventStream = (accept: string | undefined): boolean =>
  (accept ?? '').toLowerCase().includes('text/event-stream');

/**
 * The stream as the response: Nest pipes it (backpressure) and destroys it when the client
 * goes. 204 when nothing is left to show (resumed after the job's last event): an EventSource
 * then stops reconnecting.
 */
export async function sseResponse(
  stream: EventStream,
  res: Response,
): Promise<StreamableFile | undefined> {
  if (!(await stream.open())) {
    res.status(204);
    return undefined;
  }
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  // Proxies such as nginx would otherwise buffer the events.
  res.setHeader('X-Accel-Buffering', 'no');
  return new StreamableFile(stream.body, { type: 'text/event-stream; charset=utf-8' })
    .setErrorHandler(() => {
      // The stream failed or its client stopped reading: the client resumes with Last-Event-ID.
      res.destroy();
    })
    .setErrorLogger(() => undefined);
}
