import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { ApiPrincipal } from './api-key.authenticator';

const WINDOW_MS = 60_000;

/** What the limiter decided for one request. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until a request would be allowed again (when refused). */
  readonly retryAfterSeconds: number;
}

/**
 * Per-key request limits over a sliding minute, counted by @nestjs/throttler's storage in this
 * process (several API instances each allow the limit).
 */
@Injectable()
export class KeyRateLimiter implements OnApplicationShutdown {
  private readonly storage = new ThrottlerStorageService();

  async take(principal: ApiPrincipal): Promise<RateDecision | undefined> {
    const limit = principal.rateLimitPerMinute;
    if (limit <= 0 || principal.keyId === undefined) return undefined;
    // blockDuration 0: a refused request is not counted, and the window slides.
    const hit = await this.storage.increment(principal.keyId, WINDOW_MS, limit, 0, 'per-key');
    return {
      allowed: !hit.isBlocked,
      limit,
      remaining: Math.max(0, limit - hit.totalHits),
      retryAfterSeconds: Math.max(1, hit.timeToBlockExpire),
    };
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}
