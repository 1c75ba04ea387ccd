/** A file a module starts on another thread or process, found beside that module. */
export interface SpawnedEntry {
  /** The module that starts it, from the repository's root, without extension. */
  readonly startedBy: string;
  /** The file started, from the repository's root, without extension. */
  readonly entry: string;
}

export declare const SPAWNED_ENTRIES: readonly SpawnedEntry[];

/** Bundles every app in `apps` (names under dist/apps) and the files each one starts. */
export declare function bundleApps(root: string, apps: readonly string[]): Promise<void>;

/** `code` with every non-ASCII character written as a `\u` escape. */
export declare function asciiOnly(code: string): string;
