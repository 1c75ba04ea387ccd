/** Another live process has the embedded database's data directory open. */
export class DataDirLockedError extends Error {
  readonly code = 'EMBEDDED_DATA_DIR_LOCKED';
  override readonly name = 'DataDirLockedError';

  constructor(
    readonly dataDir: string,
    readonly pid: number,
    lockFile: string,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}; stop it first ` +
        `(if no such process uses it, delete ${lockFile})`,
    );
  }
}
