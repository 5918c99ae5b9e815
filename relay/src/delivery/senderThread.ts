/**
 * The sending side of the delivery worker, on its own thread: the HTTP client (with its SSRF guard) runs here so
 * that requests and responses use the second core while the main thread does ingest, claims and the store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebhookHttpClient, type HttpClientOptions, type WebhookResponse } from './httpClient.ts';
import { TargetGuard, type TargetPolicy } from '../outgoing/targetGuard.ts';

export interface SenderThreadOptions extends Omit<HttpClientOptions, 'guard'> {
  policy: TargetPolicy;
}

/** The requests of one turn of the main thread: each distinct body once, requests point at theirs by index. */
export interface RequestBatch {
  bodies: string[];
  requests: { id: number; url: string; headers: Record<string, string>; body: number; notAfter?: number }[];
}

/** Responses finished in one turn of this thread. */
export type ResponseBatch = [id: number, response: WebhookResponse][];

const options = workerData as SenderThreadOptions;
const client = new WebhookHttpClient({ ...options, guard: new TargetGuard(options.policy) });

let finished: ResponseBatch = [];
let flushQueued = false;
const flush = () => {
  flushQueued = false;
  const batch = finished;
  finished = [];
  parentPort!.postMessage(batch);
};

parentPort!.on('message', (batch: RequestBatch) => {
  for (const request of batch.requests) {
    void client.send({ url: request.url, headers: request.headers, body: batch.bodies[request.body], notAfter: request.notAfter }).then((response) => {
      finished.push([request.id, response]);
      // After this turn's I/O callbacks: the responses that came in together go back together.
      if (!flushQueued) {
        flushQueued = true;
        setImmediate(flush);
      }
    });
  }
});
