/**
 * A WebhookSender that hands each request to the sender thread and resolves with its response. A thread that
 * dies is started again: the attempts it held fail as transport errors (retried later, never lost).
 *
 * Messages are batched both ways: the requests sent in one turn (a claim dispatches up to 128 at once) go as one
 * message, each distinct body once (the subscribers of one event share it), and the thread answers with the
 * responses finished in one of its turns together. One postMessage and one structured clone per batch instead
 * of per request. The thread starts when there is something to send (a subscriber, or a first request): a relay
 * that has none keeps its memory.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.ts';
import type { WebhookRequest, WebhookResponse, WebhookSender } from './httpClient.ts';
import type { RequestBatch, ResponseBatch, SenderThreadOptions } from './senderThread.ts';

/** A thread that keeps dying this soon after its start is not restarted at once but after this pause. */
const restartPauseMs = 1000;

export class ThreadedHttpClient implements WebhookSender {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, (response: WebhookResponse) => void>();
  private nextId = 0;
  private closed = false;
  private startedAt = 0;
  private restarting: NodeJS.Timeout | null = null;
  /** Requests sent in this turn, posted together at its end. */
  private outbox: RequestBatch = { bodies: [], requests: [] };
  private readonly bodyIndex = new Map<string, number>();
  private flushQueued = false;
  /** Times the thread was started again after dying (health and tests read it). */
  restarts = 0;

  private readonly options: SenderThreadOptions;
  private readonly log?: Logger;

  constructor(options: SenderThreadOptions, log?: Logger) {
    this.options = options;
    this.log = log;
  }

  /** The sender thread, started on first use. */
  private thread(): Worker {
    if (!this.worker) this.spawn();
    return this.worker!;
  }

  /**
   * Starts the thread now: its start (~100 ms: a worker, its modules) would otherwise delay the first deliveries
   * after a subscription, e.g. the first event a Zap sees right after Zapier subscribed it.
   */
  prepare(): void {
    if (!this.closed) this.thread();
  }

  /** Whether the thread has been started (it starts on the first request or prepare()). */
  get started(): boolean {
    return this.worker !== null;
  }

  /** False while the thread is down and not yet started again. */
  get alive(): boolean {
    return !this.closed && this.restarting === null;
  }

  /** The current thread's id (a restarted thread has a new one). */
  get threadId(): number {
    return this.thread().threadId;
  }

  /** Ends the thread the way a crash would: what it held fails as transport errors and a new one starts. */
  async terminateThread(): Promise<void> {
    await this.worker?.terminate();
  }

  private spawn(): void {
    this.startedAt = Date.now();
    // Compiled (npm start) the thread needs nothing; from the sources, Node 22.18+ strips types itself and the
    // thread inherits that; older Node (tests under vitest on the machine's Node 20) loads them through tsx,
    // resolved from here so any cwd works.
    const nativeTypeScript = Boolean((process.features as { typescript?: string | false }).typescript);
    // The thread's module beside this one: .ts from the sources, .js from the build (relay/build.ts).
    const worker = new Worker(new URL(`./senderThread${path.extname(import.meta.url)}`, import.meta.url), {
      workerData: this.options,
      ...(nativeTypeScript ? {} : { execArgv: ['--import', import.meta.resolve('tsx')] }),
    });
    this.worker = worker;
    if (this.pending.size === 0) worker.unref();
    worker.on('message', (batch: ResponseBatch) => {
      for (const [id, response] of batch) {
        this.pending.get(id)?.(response);
        this.pending.delete(id);
      }
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
      if (this.pending.size === 1) this.thread().ref();
      let body = this.bodyIndex.get(request.body);
      if (body === undefined) {
        body = this.outbox.bodies.push(request.body) - 1;
        this.bodyIndex.set(request.body, body);
      }
      this.outbox.requests.push({ id, url: request.url, headers: request.headers, body, notAfter: request.notAfter });
      if (!this.flushQueued) {
        this.flushQueued = true;
        queueMicrotask(() => this.flush());
      }
    }).finally(() => {
      if (this.pending.size === 0) this.worker?.unref();
    }) as Promise<WebhookResponse>;
  }

  /** Posts this turn's requests to the thread (which the outbox's ids were resolved against, if it died meanwhile: they failed). */
  private flush(): void {
    this.flushQueued = false;
    const batch = this.outbox;
    this.outbox = { bodies: [], requests: [] };
    this.bodyIndex.clear();
    if (batch.requests.length === 0) return;
    if (this.restarting || this.closed) {
      for (const { id } of batch.requests) {
        this.pending.get(id)?.(failedResponse(this.closed ? 'the relay is stopping' : 'sender thread restarting'));
        this.pending.delete(id);
      }
      return;
    }
    this.thread().postMessage(batch);
  }

  close(): void {
    this.closed = true;
    if (this.restarting) clearTimeout(this.restarting);
    void this.worker?.terminate();
  }
}

const failedResponse = (error: string): WebhookResponse => ({ statusCode: null, retryAfter: null, excerpt: null, durationMs: 0, error });
