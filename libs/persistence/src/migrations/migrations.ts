import { InitialSchema1767225600000 } from './initial-schema.migration';
import { ApiKeys1767398500000 } from './api-keys.migration';
import { BatchSubmissions1767398400000 } from './batch-submissions.migration';
import { JobRuns1767312000000 } from './job-runs.migration';
import { UnconfirmedCommands1767398600000 } from './unconfirmed-commands.migration';
import { JobRunMessageIds1767398700000 } from './job-run-message-ids.migration';
import { UnconfirmedCommandAttempts1767398800000 } from './unconfirmed-command-attempts.migration';
import { JobDedupKeys1767400000000 } from './job-dedup-keys.migration';
import { TenantSubmissionWindows1767400010000 } from './tenant-submission-windows.migration';
import { QueuedJobsByType1767400020000 } from './queued-jobs-by-type.migration';
import { JobPriorities1767400400000 } from './job-priorities.migration';
import { JobRetention1767400300000 } from './job-retention.migration';
import { DelayedJobs1767400100000 } from './delayed-jobs.migration';
import { Webhooks1767400200000 } from './webhooks.migration';
import { JobEventsCommitOrder1767400500000 } from './job-events-commit-order.migration';
import { Pipelines1767400600000 } from './pipelines.migration';
import { WorkerInstances1767400610000 } from './worker-instances.migration';
import { WebhookSecretGrace1767400700000 } from './webhook-secret-grace.migration';
import { PipelineStartedByStep1767400800000 } from './pipeline-started-by-step.migration';
import { JobRunStartedEvent1767400900000 } from './job-run-started-event.migration';
import { JobTraceContext1767401000000 } from './job-trace-context.migration';

/** Every migration, oldest first; append new ones, never edit an applied one. */
export const MIGRATIONS = [
  InitialSchema1767225600000,
  JobRuns1767312000000,
  BatchSubmissions1767398400000,
  ApiKeys1767398500000,
  UnconfirmedCommands1767398600000,
  JobRunMessageIds1767398700000,
  UnconfirmedCommandAttempts1767398800000,
  JobDedupKeys1767400000000,
  TenantSubmissionWindows1767400010000,
  QueuedJobsByType1767400020000,
  JobPriorities1767400400000,
  JobRetention1767400300000,
  DelayedJobs1767400100000,
  Webhooks1767400200000,
  JobEventsCommitOrder1767400500000,
  Pipelines1767400600000,
  WorkerInstances1767400610000,
  WebhookSecretGrace1767400700000,
  PipelineStartedByStep1767400800000,
  JobRunStartedEvent1767400900000,
  JobTraceContext1767401000000,
];
