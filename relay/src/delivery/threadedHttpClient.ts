/** A WebhookSender that hands each request to the sender thread and resolves with its response. */
import { Worker } from 'node:worker_threads';
import type { WebhookRequest, WebhookResponse, WebhookSender } from './httpClient.ts';
import type { SenderThreadOptions } from './senderThread.ts';

export class ThreadedHttpClient implements WebhookSender {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (response: WebhookResponse) => void>();
  private nextId = 0;
  private failure: string | null = null;

  constructor(options: SenderThreadOptions) {
    // Node 22.18+ strips types itself (npm start): the thread inherits that. Older Node (tests under vitest on the
    // machine's Node 20) loads TypeScript through tsx, resolved from here so any cwd works.
    const nativeTypeScript = Boolean((process.features as { typescript?: string | false }).typescript);
    this.worker = new Worker(new URL('./senderThread.ts', import.meta.url), {
      workerData: options,
      ...(nativeTypeScript ? {} : { execArgv: ['--import', import.meta.resolve('tsx')] }),
    });
    this.worker.unref();
    this.worker.on('message', ({ id, response }: { id: number; response: WebhookResponse }) => {
      this.pending.get(id)?.(response);
      this.pending.delete(id);
    });
    // Should the thread die, every attempt in flight and to come fails as a transport error: retried later, never lost.
    const fail = (reason: string) => {
      this.failure = reason;
      for (const resolve of this.pending.values()) resolve(failedResponse(reason));
      this.pending.clear();
    };
    this.worker.on('error', (error) => fail(`sender thread failed: ${error.message}`));
    this.worker.on('exit', (code) => fail(`sender thread exited (${code})`));
  }

  send(request: WebhookRequest): Promise<WebhookResponse> {
    if (this.failure) return Promise.resolve(failedResponse(this.failure));
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
    void this.worker.terminate();
  }
}

const failedResponse = (error: string): WebhookResponse => ({ statusCode: null, retryAfter: null, excerpt: null, durationMs: 0, error, blocked: false });
