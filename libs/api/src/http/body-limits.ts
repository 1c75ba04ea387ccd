import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiConfig } from '../api.config';

/**
 * JSON and form bodies up to MAX_JSON_BYTES (Nest's default is 100 kB, too small for a batch);
 * registered before Nest's own parsers, which then stand aside. Uploads stream past both.
 */
export function useBodyLimits(app: INestApplication, config: ApiConfig): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: config.maxJsonBytes });
  express.useBodyParser('urlencoded', { limit: config.maxJsonBytes, extended: false });
}
