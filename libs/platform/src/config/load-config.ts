import { ConfigError } from './config.error';

/** Where loadConfig reports and how it stops; replaceable in tests. */
export interface LoadConfigIo {
  stderr: (line: string) => void;
  exit: (code: number) => never;
}

const processIo: LoadConfigIo = {
  stderr: (line) => process.stderr.write(`${line}\n`),
  exit: (code) => process.exit(code),
};

/** Calls `read()` once at boot; a ConfigError prints one line to stderr and exits 1. */
export function loadConfig<T>(read: () => T, io: LoadConfigIo = processIo): T {
  try {
    return read();
  } catch (err) {
    if (isConfigError(err)) {
      io.stderr(`Invalid configuration: ${err.message}`);
      return io.exit(1);
    }
    throw err;
  }
}

/** True for a ConfigError, classified by code so it survives module duplication. */
export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof Error && (err as { code?: unknown }).code === 'CONFIG_INVALID';
}
