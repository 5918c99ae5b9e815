/**
 * The sending side of the delivery worker, on its own thread: the HTTP client (with its SSRF guard) runs here so
 * that requests and responses use the second core while the main thread does ingest, claims and the store.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { WebhookHttpClient, type HttpClientOptions, type WebhookRequest } from './httpClient.ts';
import { TargetGuard, type TargetPolicy } from './targetGuard.ts';

export interface SenderThreadOptions extends Omit<HttpClientOptions, 'guard'> {
  policy: TargetPolicy;
}

const options = workerData as SenderThreadOptions;
const client = new WebhookHttpClient({ ...options, guard: new TargetGuard(options.policy) });

parentPort!.on('message', (message: { id: number; request: WebhookRequest }) => {
  void client.send(message.request).then((response) => parentPort!.postMessage({ id: message.id, response }));
});
