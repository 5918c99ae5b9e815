/**
 * A quick figure for ingest and delivery throughput on this machine (the full benchmark is `npm run bench`).
 * Starts a relay in-process on a temporary SQLite store, posts the plugin's Payment Received body from 50
 * keep-alive connections for a few seconds, then measures fan-out to local receivers answering 200.
 */
import http from 'node:http';
import { findEventType } from '../shared/events/catalog.ts';
import { startReceiver } from '../test/support/receiver.ts';
import { startTestRelay } from '../test/support/testRelay.ts';

const seconds = Number(process.argv[2] ?? 5);
const connections = 50;
const subscribers = Number(process.argv[3] ?? 10);
const body = JSON.stringify({ ...findEventType('payment_received')!.sample, payment_id: 99, customer_user_email: 'bench@example.com' });

const relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn' });
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const ingestUrl = new URL(`${relay.url}/ingest/${relay.keys.ingestToken}/payment_received`);

function post(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(ingestUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 202 ? resolve(performance.now() - started) : reject(new Error(`status ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function load(durationMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const end = Date.now() + durationMs;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < end) latencies.push(await post());
  }));
  return latencies;
}

const percentile = (values: number[], p: number) => values.sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

// 1. Ingest with no subscribers: durable storage only.
await load(1000);
const ingest = await load(seconds * 1000);
console.log(`ingest: ${Math.round(ingest.length / seconds)} events/s acknowledged, p50 ${percentile(ingest, 0.5).toFixed(1)} ms, p99 ${percentile(ingest, 0.99).toFixed(1)} ms (${connections} connections)`);

// 2. Fan-out: N subscribers, time to deliver a fixed batch.
const receivers = await Promise.all(Array.from({ length: subscribers }, () => startReceiver()));
for (const receiver of receivers) await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Bench', url: receiver.url, event: 'payment_received' } });
const events = 2000;
const started = performance.now();
let posted = 0;
await Promise.all(Array.from({ length: connections }, async () => {
  while (posted < events) {
    posted++;
    await post();
  }
}));
await Promise.all(receivers.map((receiver) => receiver.waitFor(events, 120_000)));
const elapsed = (performance.now() - started) / 1000;
console.log(`fan-out: ${events} events × ${subscribers} subscribers = ${events * subscribers} deliveries in ${elapsed.toFixed(2)} s → ${Math.round((events * subscribers) / elapsed)} deliveries/s`);

agent.destroy();
await Promise.all(receivers.map((receiver) => receiver.close()));
await relay.stop();
