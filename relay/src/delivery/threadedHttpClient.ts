/**
 * A WebhookSender that hands each request to the sender thread and resolves with its response. A thread that
 * dies is started again: the attempts it held fail as transport errors (retried later, never lost).
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import type { WebhookRequest, WebhookResponse, WebhookSender } from './httpClient.ts';
import type { SenderThreadOptions } from './senderThread.ts';

/** A thread that keeps dying this soon after its start is not restarted at once but after this pause. */
const restartPauseMs = 1000;

export class ThreadedHttpClient implements WebhookSender {
  private worker!: Worker;
  private readonly pending = new Map<number, (response: WebhookResponse) => void>();
  private nextId = 0;
  private closed = false;
  private startedAt = 0;
  private restarting: NodeJS.Timeout | null = null;
  /** Times the thread was started again after dying (health and tests read it). */
  restarts = 0;

  private readonly options: SenderThreadOptions;
  private readonly log?: Logger;

  constructor(options: SenderThreadOptions, log?: Logger) {
    this.options = options;
    this.log = log;
    this.spawn();
  }

  /** False while the thread is down and not yet started again. */
  get alive(): boolean {
    return !this.closed && this.restarting === null;
  }

  /** The current thread's id (a restarted thread has a new one). */
  get threadId(): number {
    return this.worker.threadId;
  }

  /** Ends the thread the way a crash would: what it held fails as transport errors and a new one starts. */
  async terminateThread(): Promise<void> {
    await this.worker.terminate();
  }

  private spawn(): void {
    this.startedAt = Date.now();
    // Node 22.18+ strips types itself (npm start): the thread inherits that. Older Node (tests under vitest on the
    // machine's Node 20) loads TypeScript through tsx, resolved from here so any cwd works.
    const nativeTypeScript = Boolean((process.features as { typescript?: string | false }).typescript);
    const worker = new Worker(new URL('./senderThread.ts', import.meta.url), {
      workerData: this.options,
      ...(nativeTypeScript ? {} : { execArgv: ['--import', import.meta.resolve('tsx')] }),
    });
    this.worker = worker;
    if (this.pending.size === 0) worker.unref();
    worker.on('message', ({ id, response }: { id: number; response: WebhookResponse }) => {
      this.pending.get(id)?.(response);
      this.pending.delete(id);
    });
    let down = false;
    const died = (reason: string) => {
      if (down) return;
      down = true;
      for (const resolve of this.pending.values()) resolve(failedResponse(reason));
      this.pending.clear();
      if (this.closed) return;
      this.log?.error('sender thread stopped; starting it again', { reason });
      const pause = Date.now() - this.startedAt < restartPauseMs ? restartPauseMs : 0;
      this.restarting = setTimeout(() => {
        this.restarting = null;
        this.restarts++;
        this.spawn();
      }, pause);
      this.restarting.unref();
    };
    worker.on('error', (error) => died(`sender thread failed: ${error.message}`));
    worker.on('exit', (code) => died(`sender thread exited (${code})`));
  }

  send(request: WebhookRequest): Promise<WebhookResponse> {
    if (this.closed) return Promise.resolve(failedResponse('the relay is stopping'));
    if (this.restarting) return Promise.resolve(failedResponse('sender thread restarting'));
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, resolve);
      // Only while requests are in flight does the thread keep the process alive.
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, request });
    }).finally(() => {
      if (this.pending.size === 0) this.worker.unref();
    }) as Promise<WebhookResponse>;
  }

  close(): void {
    this.closed = true;
    if (this.restarting) clearTimeout(this.restarting);
    void this.worker.terminate();
  }
}

const failedResponse = (error: string): WebhookResponse => ({ statusCode: null, retryAfter: null, excerpt: null, durationMs: 0, error, blocked: false });
