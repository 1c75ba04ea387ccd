import type { ListenAddress } from './socket-address';

/**
 * What an engine thread is started with: to create the database in an empty data directory
 * and end (so that engine's memory goes with its thread), or to open it and serve it.
 */
export type EngineThreadData =
  | { readonly task: 'initialise'; readonly dataDir: string }
  | {
      readonly task: 'serve';
      readonly dataDir: string;
      readonly address: ListenAddress;
      /** PostgreSQL's shared_buffers, in MB: most of the engine's resident memory. */
      readonly sharedBuffersMb: number;
    };

/** Where an engine thread stopped short. */
export type EngineStage = 'initialise' | 'open' | 'listen' | 'close';

/** What an engine thread tells its host: created, serving, stopped, or why it could not. */
export type EngineReport =
  | { readonly kind: 'initialised' }
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly stage: EngineStage; readonly reason: string };
