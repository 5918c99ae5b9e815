/**
 * Operational failures as one line that says what to do: bad configuration, a port in use, a database that does
 * not answer, a missing file. Anything else is a bug: its message, and the stack with RELAY_LOG_LEVEL=debug.
 */
import { ConfigError } from '../config/config.ts';
import { DataDirectoryError } from '../store/sqlite/dataDirectory.ts';
import { DataDirLockedError } from '../store/sqlite/dataDirLock.ts';
import { CliError } from './cliError.ts';

export interface Explained {
  message: string;
  exitCode: number;
  /** False for failures we did not foresee: worth the stack trace in debug mode. */
  expected: boolean;
}

const networkCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

export function explainFailure(error: unknown, env: NodeJS.ProcessEnv): Explained {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode, expected: true };
  if (error instanceof ConfigError) {
    const lines = error.problems.map((problem) => `  ${problem}`).join('\n');
    return { message: `the configuration is not valid (${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}; see the README's configuration table):\n${lines}`, exitCode: 2, expected: true };
  }
  if (error instanceof DataDirectoryError || error instanceof DataDirLockedError) return { message: error.message, exitCode: 1, expected: true };
  const { code, syscall, address, port, path } = error as NodeJS.ErrnoException & { address?: string; port?: number };
  if (code === 'EADDRINUSE' || (code === 'EACCES' && syscall === 'listen')) {
    const what = code === 'EADDRINUSE' ? 'is already in use (another relay or program listens there)' : 'needs privileges this user does not have';
    return { message: `port ${port ?? env.PORT} on ${address ?? (env.RELAY_HOST || '127.0.0.1')} ${what}: stop that program or choose another PORT`, exitCode: 1, expected: true };
  }
  if (code && networkCodes.has(code) && env.DATABASE_URL) {
    const target = address ? `${address}${port ? `:${port}` : ''}` : 'the DATABASE_URL host';
    return { message: `cannot reach PostgreSQL at ${target} (${code}): check DATABASE_URL and that the database is running`, exitCode: 1, expected: true };
  }
  if (code === '28P01' || code === '3D000' || code === '28000') {
    return { message: `PostgreSQL refused the connection (${(error as Error).message}): check the user, password and database in DATABASE_URL`, exitCode: 1, expected: true };
  }
  if ((code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') && path) {
    return { message: `cannot read ${path} (${code}): check the path`, exitCode: 1, expected: true };
  }
  return { message: error instanceof Error ? error.message : String(error), exitCode: 1, expected: false };
}
