import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { EngineThreadError } from './engine-thread';

// .js when built; .ts under the test runner, which the process then compiles the same way.
const PROCESS_FILE = path.join(__dirname, `engine-initialise.process${path.extname(__filename)}`);
const EXEC_ARGV = PROCESS_FILE.endsWith('.ts') ? ['--require', '@swc-node/register'] : [];

/**
 * Creates the database in an empty data directory (engine-initialise.process.ts), so that
 * initdb's memory leaves with its process; rejects with an EngineThreadError at 'initialise'.
 */
export async function initialiseEngine(dataDir: string): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, [...EXEC_ARGV, PROCESS_FILE, dataDir]);
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new EngineThreadError('initialise', stderr?.trim() || message);
  }
}
