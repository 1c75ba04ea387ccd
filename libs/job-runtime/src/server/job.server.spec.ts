import { InProcessBroker, Transport } from '@jobmill/transport';
import { DuplicateJobHandlerError } from '../errors/duplicate-job-handler.error';
import { NoJobHandlersError } from '../errors/no-job-handlers.error';
import { JOB_TYPE_EXTRA } from '../handler/job-handler.decorator';
import { JobServer } from './job.server';

const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
const handler = async () => ({ status: 'succeeded', result: {} });

/** A server on the detection routes; its transport is never started, so nothing connects. */
function serverOf(routes: readonly string[] = ['detection.*', 'system.*']): JobServer {
  const transport = new Transport({
    url: 'amqp://guest:guest@127.0.0.1:5672',
    prefix: 'unit.',
    connectionName: 'unit',
    role: 'publisher',
    broker: new InProcessBroker(),
    logger: quiet,
  });
  return new JobServer(transport, {
    queue: 'unit.jobs.detection',
    routes,
    prefetch: 1,
    source: '/t',
    workerId: 'w',
  });
}

const offer = (
  server: JobServer,
  jobType: string,
  extras: Record<string, unknown> = { [JOB_TYPE_EXTRA]: jobType },
) => server.addHandler(jobType, handler, true, extras);

describe('JobServer handler registration', () => {
  it('takes the @JobHandlers of the job types routed to its queue, and no others', () => {
    const server = serverOf();
    offer(server, 'detection.vad');
    offer(server, 'system.ping');
    offer(server, 'processing.normalize');
    // An @EventPattern that is not a @JobHandler, and a message pattern.
    server.addHandler('detection.other', handler, true, {});
    server.addHandler('detection.vad.rpc', handler, false, { [JOB_TYPE_EXTRA]: 'detection.vad' });
    expect([...server.getHandlers().keys()]).toEqual(['detection.vad', 'system.ping']);
  });

  it('refuses a second handler for one job type', () => {
    const server = serverOf();
    offer(server, 'detection.vad');
    expect(() => offer(server, 'detection.vad')).toThrow(DuplicateJobHandlerError);
  });

  it('will not listen without a handler: it would refuse every command', () => {
    const server = serverOf(['processing.*']);
    offer(server, 'detection.vad');
    const callback = jest.fn();
    server.listen(callback);
    expect(callback).toHaveBeenCalledWith(expect.any(NoJobHandlersError));
  });
});
