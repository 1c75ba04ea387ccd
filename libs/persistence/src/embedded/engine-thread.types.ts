import type { ListenAddress } from './socket-address';

/** What the engine's thread is started with. */
export interface EngineThreadData {
  readonly dataDir: string;
  /** Create the database first: the data directory is empty. */
  readonly initialise: boolean;
  readonly address: ListenAddress;
}

/** Where the engine's thread stopped short. */
export type EngineStage = 'initialise' | 'open' | 'listen' | 'close';

/** What the engine's thread tells its host: serving, stopped, or why it could not. */
export type EngineReport =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'closed' }
  | { readonly kind: 'failed'; readonly stage: EngineStage; readonly reason: string };
