/**
 * The bench's processes: every server under test, the receivers and the raw client run as their own Node
 * process (so the load generator in the parent never shares an event loop with what it measures). A child
 * announces itself with `ready`, then answers requests from the parent over the IPC channel.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

type Handler = (...args: never[]) => unknown;
interface Reply { id: number; result?: unknown; error?: string }

export interface BenchChild<Ready> {
  pid: number;
  ready: Ready;
  call<T>(method: string, ...args: unknown[]): Promise<T>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Whether this Node strips TypeScript types itself (22.18+): then children run without a loader, as `npm start` does. */
export const nativeTypeScript = Boolean((process.features as { typescript?: string | false }).typescript);

/**
 * Starts `bench/<script>` (or an absolute path), resolves once it sent `ready`. Without a TypeScript loader where
 * Node strips types itself (so the relay runs as `npm start` runs it, its sender thread too); with tsx otherwise.
 */
export async function startChild<Ready = Record<string, unknown>>(script: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<BenchChild<Ready>> {
  const loader = nativeTypeScript && process.env.BENCH_TSX !== '1' ? [] : ['--import', 'tsx'];
  const child: ChildProcess = fork(path.resolve(benchDir, script), [], {
    execArgv: [...loader, ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in 30 s`)), 30_000);
    child.on('message', (message: { type?: string; ready?: Ready } & Reply) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        return resolve(message.ready as Ready);
      }
      const waiter = pending.get(message.id);
      if (!waiter) return;
      pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(`${script}: ${message.error}`));
      else waiter.resolve(message.result);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${code}) before it was ready`));
      for (const waiter of pending.values()) waiter.reject(new Error(`${script} exited (${code})`));
    });
  });
  return {
    pid: child.pid!,
    ready,
    call: <T>(method: string, ...args: unknown[]) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, method, args });
      }),
    stop: async (graceMs = 15_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a child: announce readiness and answer the parent's calls with `handlers`. */
export function serveParent(ready: unknown, handlers: Record<string, Handler>): void {
  process.on('message', async (message: { id: number; method: string; args: unknown[] }) => {
    const handler = handlers[message.method];
    try {
      if (!handler) throw new Error(`unknown method ${message.method}`);
      const result = await (handler as (...args: unknown[]) => unknown)(...message.args);
      process.send!({ id: message.id, result: result ?? null });
    } catch (error) {
      process.send!({ id: message.id, error: (error as Error).stack ?? String(error) });
    }
  });
  // An orphan would keep its port and CPU: go when the parent does.
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', ready });
}

/**
 * In a child started with --expose-gc: a full GC that also hands memory back to the system, as V8's memory reducer
 * does by itself to a process idle for about 20 s (a plain gc() leaves the young generation as large as it grew).
 */
export function memoryReducingGc(): void {
  (globalThis as { gc?: (options: object) => void }).gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
}

let compiledRoot: string | null = null;
/**
 * The relay and the bench's processes compiled to JavaScript the way `npm start` builds the relay (relay/build.ts,
 * bench/tsconfig.compiled.json), once per run: the root of that tree, usable as a checkout's root.
 */
export function compiledBench(): string {
  if (compiledRoot) return compiledRoot;
  const projectRoot = path.resolve(benchDir, '..');
  const out = path.join(benchDir, 'results', 'compiled');
  execFileSync(process.execPath, [path.join(projectRoot, 'relay/build.ts'), '--project=bench/tsconfig.compiled.json', `--out=${out}`], { cwd: projectRoot, stdio: 'inherit' });
  return (compiledRoot = out);
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across the bench's processes. */
export const clock = () => performance.timeOrigin + performance.now();

/** CPU time this process used so far (user + system), in µs: a per-request cost that machine load distorts less than throughput. */
export function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** RSS of a process, from /proc (Linux), in bytes. */
export async function rssOf(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}
