import type { INestApplication } from '@nestjs/common';
import { JobServer } from './job.server';

/**
 * Starts every JobServer the app's modules provide (one per worker queue), as microservices of
 * the app: a hybrid app that serves HTTP (health, metrics, the API) and consumes its queues.
 * The app is initialised first, so consumers start once every module is ready, as before.
 */
export async function startJobServers(app: INestApplication): Promise<void> {
  await app.init();
  for (const strategy of app.get(JobServer, { each: true })) app.connectMicroservice({ strategy });
  await app.startAllMicroservices();
}
