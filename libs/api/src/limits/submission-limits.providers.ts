import type { Provider } from '@nestjs/common';
import { FairSharePolicy } from './fair-share.policy';
import { QueueBacklogLimiter } from './queue-backlog.limiter';
import { TenantSubmissionLimiter } from './tenant-submission.limiter';

/** What a submission passes before its commands go: tenant limits, backpressure, fair sharing. */
export const SUBMISSION_LIMITS_PROVIDERS: Provider[] = [
  TenantSubmissionLimiter,
  QueueBacklogLimiter,
  FairSharePolicy,
];
