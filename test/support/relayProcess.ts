/**
 * A real relay as its own OS process (`relay start`), for tests and benchmarks that need several processes on
 * one database: resolves once it has started, with its URL (api role) and its worker's lease-owner id.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { relayRequests, testRelayDefaults } from './relayRequests.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const projectNode = path.join(repoRoot, 'node_modules/.bin/node');

export interface RelayProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT, null for a worker-only process. */
  url: string | null;
  workerId: string | null;
  /** stderr lines (JSON logs) so far. */
  logs: string[];
  /** What it printed on stdout so far (the start banner, generated keys). */
  stdout(): string;
  /** SIGTERM and wait for the graceful exit. */
  stop(): Promise<void>;
  /** SIGKILL: no chance to give leases back. */
  kill(): Promise<void>;
}

let builtMain: string | null = null;
/**
 * The relay compiled as `npm start` and docs/deploy.md compile it (relay/build.ts), once per test process, in a
 * directory of its own under test-artifacts/ (inside the project, so its packages resolve). Builds left by test
 * processes that have ended are removed first.
 */
function builtRelayMain(): string {
  if (builtMain) return builtMain;
  const artifacts = path.join(repoRoot, 'test-artifacts');
  for (const stale of fs.existsSync(artifacts) ? fs.readdirSync(artifacts) : []) {
    const pid = /^relay-build-(\d+)$/.exec(stale)?.[1];
    if (pid && !fs.existsSync(`/proc/${pid}`)) fs.rmSync(path.join(artifacts, stale), { recursive: true, force: true });
  }
  const out = path.join(artifacts, `relay-build-${process.pid}`);
  execFileSync(projectNode, [path.join(repoRoot, 'relay/build.ts'), `--out=${out}`], { cwd: repoRoot, stdio: 'pipe' });
  return (builtMain = path.join(out, 'relay/src/cli/main.js'));
}

/**
 * `runtime`: 'tsx' runs the relay's sources on the Node running the tests through tsx; 'production' the way
 * `npm start` and the systemd unit do: compiled to JavaScript, on the project's Node 22.
 */
export async function spawnRelayProcess(env: Record<string, string>, timeoutMs = 20_000, runtime: 'tsx' | 'production' = 'tsx'): Promise<RelayProcess> {
  const [command, args] = runtime === 'production'
    ? [projectNode, [builtRelayMain(), 'start']]
    : [process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', 'start']];
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', RELAY_HOST: '127.0.0.1', RELAY_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = await new Promise<{ port: number | null; worker: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`relay process did not start in ${timeoutMs} ms:\n${logs.join('\n')}`)), timeoutMs);
    let buffered = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        logs.push(line);
        if (!line.includes('"relay started"')) continue;
        const parsed = JSON.parse(line) as { port?: number | null; worker?: string };
        clearTimeout(timer);
        resolve({ port: parsed.port ?? null, worker: parsed.worker ?? null });
      }
    });
    child.once('exit', (code) => reject(new Error(`relay process exited (${code}) before starting:\n${logs.join('\n')}`)));
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return {
    child,
    url: started.port === null ? null : `http://127.0.0.1:${started.port}`,
    workerId: started.worker,
    logs,
    stdout: () => stdout,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}

export interface TestRelayProcess extends RelayProcess {
  url: string;
  apiKey: string;
  ingestToken: string;
  /** fetch against the relay with the API key (JSON body from `json`). */
  api(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** POSTs as Ultimate Multisite does: /ingest/{token}/{slug}. */
  ingest(slug: string, payload: unknown): Promise<Response>;
}

/** A relay process with known keys, its own data dir, private targets allowed and fast retries (like startTestRelay). */
export async function spawnTestRelayProcess(env: Record<string, string> = {}): Promise<TestRelayProcess> {
  return (await spawnTestRelayProcesses(1, env))[0];
}

/**
 * `count` such processes sharing their keys, each with its own data dir: one deployment scaled out when `env` puts
 * them on one database. Started together, so on a fresh database they migrate it at the same time.
 */
export async function spawnTestRelayProcesses(count: number, env: Record<string, string> = {}): Promise<TestRelayProcess[]> {
  const apiKey = `rk_test_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const ingestToken = `it_test_${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  return Promise.all(Array.from({ length: count }, async () => {
    const relay = await spawnRelayProcess({
      RELAY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'relay-process-')),
      RELAY_API_KEY: apiKey,
      RELAY_INGEST_TOKEN: ingestToken,
      ...testRelayDefaults,
      ...env,
    });
    const url = relay.url!;
    return { ...relay, url, apiKey, ingestToken, ...relayRequests(url, { apiKey, ingestToken }) };
  }));
}
