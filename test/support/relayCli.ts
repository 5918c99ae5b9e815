/**
 * Runs the relay's CLI as a person does (`npm run relay -- …`): the project's Node (22) running
 * relay/src/cli/main.ts with its own type stripping, no TypeScript loader, in a child process.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The Node the npm scripts run on (the `node` dev dependency), whatever runs the tests. */
export const projectNode = path.join(repoRoot, 'node_modules/.bin/node');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** How long it ran. */
  ms: number;
}

/** Variables a developer's shell may hold that would change which relay or store the CLI uses. */
const isolated = { RELAY_URL: '', RELAY_API_KEY: '', RELAY_INGEST_TOKEN: '', DATABASE_URL: '', PORT: '', RELAY_LOG_LEVEL: '' };

export function runRelayCli(args: string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(projectNode, ['relay/src/cli/main.ts', ...args], { cwd: repoRoot, env: { ...process.env, ...isolated, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`relay ${args.join(' ')} still running after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
