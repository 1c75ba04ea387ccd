import { JobScript, permanentError, transientError } from '../testing/job-script.fixture';
import { historyRowsOf } from './history-row';
import { foldJob, foldJobs } from './job-fold';
import { isForward, isTerminal } from './job-state-machine';
import type { ProjectableMessage } from './projectable-message';

const fold = (messages: ProjectableMessage[]) => foldJob(historyRowsOf(messages));

describe('job state machine', () => {
  it('moves forward by attempt, then by rank', () => {
    expect(isForward({ attempt: 1, status: 'QUEUED' }, { attempt: 1, status: 'RUNNING' })).toBe(
      true,
    );
    expect(isForward({ attempt: 1, status: 'RETRYING' }, { attempt: 2, status: 'RUNNING' })).toBe(
      true,
    );
    expect(isForward({ attempt: 2, status: 'RUNNING' }, { attempt: 1, status: 'RETRYING' })).toBe(
      false,
    );
    expect(isForward({ attempt: 1, status: 'RUNNING' }, { attempt: 1, status: 'RUNNING' })).toBe(
      false,
    );
  });

  it('never leaves a terminal state, not even for a higher attempt', () => {
    expect(isTerminal('CANCELLED')).toBe(true);
    expect(isForward({ attempt: 1, status: 'FAILED' }, { attempt: 2, status: 'RUNNING' })).toBe(
      false,
    );
    expect(isForward({ attempt: 1, status: 'SUCCEEDED' }, { attempt: 1, status: 'FAILED' })).toBe(
      false,
    );
  });
});

describe('foldJob', () => {
  it('folds a whole lifecycle into its end state, whatever the order', () => {
    const s = new JobScript();
    const messages = s.happyPath();
    const patch = fold(messages);
    expect(patch).toMatchObject({
      id: s.jobId,
      status: 'SUCCEEDED',
      progress: 1,
      result: { speechRatio: 0.5 },
      worker: 'w1',
      maxAttempts: 3,
      type: 'detection.vad',
    });
    expect(fold([...messages].reverse())).toEqual(patch);
  });

  it('leaves a job with only its command QUEUED, dated by the command', () => {
    const s = new JobScript();
    const command = s.commandCopy();
    const patch = fold([command]);
    expect(patch).toMatchObject({ status: 'QUEUED', attempt: 1, progress: 0 });
    expect(patch.createdAt).toBe(command.kind === 'command' ? command.command.time : '');
  });

  it('keeps the highest progress of the current attempt only', () => {
    const s = new JobScript();
    const patch = fold([
      s.started(1),
      s.progress(0.7, 1),
      s.retrying(1),
      s.started(2),
      s.progress(0.2, 2),
    ]);
    expect(patch).toMatchObject({
      status: 'RUNNING',
      attempt: 2,
      progress: 0.2,
      nextAttemptAt: null,
    });
    expect(patch).toMatchObject({ error: transientError, errorAttempt: 1 });
  });

  it('keeps the first terminal state, ignoring a later attempt', () => {
    const s = new JobScript();
    const patch = fold([s.started(1), s.failed(1), s.started(2), s.succeeded(2)]);
    expect(patch).toMatchObject({
      status: 'FAILED',
      attempt: 1,
      error: permanentError,
      result: null,
    });
  });

  it('records a retry: error and next attempt time', () => {
    const s = new JobScript();
    expect(fold([s.started(), s.retrying(1, '2026-03-01T00:00:00Z')])).toMatchObject({
      status: 'RETRYING',
      nextAttemptAt: '2026-03-01T00:00:00.000Z',
      error: transientError,
    });
  });

  it('clears the error on success', () => {
    const s = new JobScript();
    const patch = fold([s.started(1), s.retrying(1), s.started(2), s.succeeded(2)]);
    expect(patch).toMatchObject({ status: 'SUCCEEDED', error: null, errorAttempt: null });
  });

  it('clamps progress to 0..1 and ignores garbage', () => {
    const s = new JobScript();
    expect(fold([s.started(), s.progress(7)]).progress).toBe(1);
    expect(fold([s.started(), s.progress(Number.NaN)]).progress).toBe(0);
  });
});

describe('foldJobs', () => {
  it('returns one patch per job, ordered by id', () => {
    const jobs = [new JobScript(), new JobScript(), new JobScript()];
    const patches = foldJobs(historyRowsOf(jobs.flatMap((s) => s.happyPath())));
    expect(patches.map((p) => p.id)).toEqual(jobs.map((s) => s.jobId).sort());
  });

  it('drops a message repeated in the batch', () => {
    const s = new JobScript();
    const started = s.started();
    expect(historyRowsOf([started, started])).toHaveLength(1);
  });
});
