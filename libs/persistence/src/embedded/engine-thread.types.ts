import type { ListenAddress } from './socket-address';

/** What the engine's thread is started with. */
export interface EngineThreadData {
  /** Holds PGDATA, initialised already (see engine-initialiser.ts). */
  readonly dataDir: string;
  readonly address: ListenAddress;
  /** PostgreSQL's shared_buffers, in MB: most of the engine's resident memory. */
  readonly sharedBuffersMb: number;
}

/** Where the engine stopped short (creating the database happens in a process of its own). */
export type EngineStage = 'initialise' | 'open' | 'listen' | 'close';

/** What the engine's thread tells its host: serving, stopped, or why it could not. */
export type EngineReport =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly stage: EngineStage; readonly reason: string };
