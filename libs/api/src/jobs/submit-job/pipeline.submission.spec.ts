import { createCommand, newId, type JobSubmission } from '@jobmill/contracts';
import type { NewPipeline, PipelineStore } from '@jobmill/persistence';
import type { CommandPublication } from './command.publication';
import { PipelineSubmission } from './pipeline.submission';

const uploadId = newId();
const submission = {
  type: 'detection.vad',
  input: { uploadId },
  then: [{ type: 'processing.clips', input: { options: { paddingMs: 100 } } }],
  maxAttempts: 2,
  priority: 'high',
  callbackUrl: 'https://hooks.example.com/x',
} as JobSubmission & { then: NonNullable<JobSubmission['then']> };
const command = createCommand({
  jobId: newId(),
  jobType: 'detection.vad',
  data: { input: { uploadId } },
  tenant: 'acme',
  source: '/test',
});

function setUp(publish: () => Promise<void> = async () => undefined) {
  const recorded: NewPipeline[] = [];
  const store = {
    insert: jest.fn(async (p: NewPipeline) => {
      recorded.push(p);
      return { inserted: true, job: { id: p.parent.id } };
    }),
    withdraw: jest.fn(async () => undefined),
  };
  const publication = { publish: jest.fn(publish) };
  const pipelines = new PipelineSubmission(
    store as unknown as PipelineStore,
    publication as unknown as CommandPublication,
    7 * 86_400_000,
  );
  return { pipelines, store, publication, recorded };
}

describe('PipelineSubmission', () => {
  it('records the parent with the webhook and the steps with their feeds, then publishes the first', async () => {
    const { pipelines, publication, recorded } = setUp();
    await pipelines.submit({ tenant: 'acme', submission, command });
    const [p] = recorded;
    expect(p?.parent).toMatchObject({
      tenant: 'acme',
      input: { uploadId },
      priority: 'high',
      callbackUrl: 'https://hooks.example.com/x',
      // No retention of its own: the platform's, which its steps go with.
      retentionMs: 7 * 86_400_000,
    });
    expect(p?.stepRetentionMs).toBeUndefined();
    expect(p?.messageId).toBe(command.id);
    expect(p?.steps).toEqual([
      { id: command.subject, type: 'detection.vad', input: { uploadId }, maxAttempts: 2 },
      {
        id: expect.any(String) as string,
        type: 'processing.clips',
        input: { options: { paddingMs: 100 } },
        feed: { uploadId: ['input', 'uploadId'], segments: ['result', 'segments'] },
        maxAttempts: 2,
      },
    ]);
    expect(publication.publish).toHaveBeenCalledWith([command]);
  });

  it('publishes nothing for a delayed pipeline, and keeps a submitted retention on every step', async () => {
    const { pipelines, publication, recorded } = setUp();
    const runAt = new Date(Date.now() + 60_000);
    await pipelines.submit({
      tenant: 'acme',
      submission: { ...submission, retention: '1h' },
      command,
      runAt,
    });
    expect(recorded[0]).toMatchObject({
      runAt,
      stepRetentionMs: 3_600_000,
      parent: { retentionMs: 3_600_000 },
    });
    expect(recorded[0]?.messageId).toBeUndefined();
    expect(publication.publish).not.toHaveBeenCalled();
  });

  it('withdraws the whole pipeline when the broker refuses its first step', async () => {
    const refused = new Error('503');
    const { pipelines, store, recorded } = setUp(async () => {
      throw refused;
    });
    await expect(pipelines.submit({ tenant: 'acme', submission, command })).rejects.toBe(refused);
    expect(store.withdraw).toHaveBeenCalledWith(recorded[0]?.parent.id);
  });
});
