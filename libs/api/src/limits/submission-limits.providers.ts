import type { Provider } from '@nestjs/common';
import { BrokerBlockedGate } from './broker-blocked.gate';
import { FairSharePolicy } from './fair-share.policy';
import { QueueBacklogLimiter } from './queue-backlog.limiter';
import { TenantSubmissionLimiter } from './tenant-submission.limiter';

/**
 * What a submission passes before its commands go: the broker's alarms, tenant limits,
 * backpressure, fair sharing.
 */
export const SUBMISSION_LIMITS_PROVIDERS: Provider[] = [
  BrokerBlockedGate,
  TenantSubmissionLimiter,
  QueueBacklogLimiter,
  FairSharePolicy,
];
