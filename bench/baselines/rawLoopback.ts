/**
 * Fan-out baseline, the loopback limit: no relay, no store, no queue. One keep-alive HTTP client posts the
 * same signed bodies straight to the same receivers, with the relay's per-receiver concurrency (16).
 */
import http from 'node:http';
import { generateSigningSecret, signatureHeader } from '../../shared/signing/standardWebhooks.ts';
import { newId } from '../../relay/src/store/ids.ts';
import { clock, cpuMicros, serveParent } from '../childProcess.ts';
import { benchEvent, paymentReceivedBody } from '../payload.ts';

const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });
const perReceiver = 16;

function post(url: URL, secret: string, eventId: string, body: string): Promise<void> {
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST', agent,
      headers: {
        'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)),
        'webhook-id': eventId, 'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader([secret], eventId, timestamp, body), 'x-um-event': benchEvent,
      },
    }, (response) => {
      response.resume();
      response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${response.statusCode}`))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Posts `events` events to every receiver: as fast as possible (rate 0), or `rate` events/s on a schedule.
 * Returns when each event was handed to the client (its "acknowledged" time) and the elapsed seconds.
 */
async function run(urls: string[], events: number, rate = 0): Promise<{ sent: [string, number][]; seconds: number }> {
  const targets = urls.map((url) => ({ url: new URL(url), secret: generateSigningSecret() }));
  const sent: [string, number][] = [];
  const started = clock();
  if (rate === 0) {
    // One queue per receiver, 16 lanes each, like the relay's per-webhook in-flight cap.
    const prepared = Array.from({ length: events }, (_, n) => ({ id: newId('evt'), body: paymentReceivedBody(n) }));
    for (const event of prepared) sent.push([event.id, started]);
    await Promise.all(targets.map(async (target) => {
      let next = 0;
      await Promise.all(Array.from({ length: perReceiver }, async () => {
        while (next < prepared.length) {
          const event = prepared[next++];
          await post(target.url, target.secret, event.id, event.body);
        }
      }));
    }));
  } else {
    const posts: Promise<void>[] = [];
    for (let n = 0; n < events; n++) {
      const wait = started + (n * 1000) / rate - clock();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const id = newId('evt');
      const body = paymentReceivedBody(n);
      sent.push([id, clock()]);
      for (const target of targets) posts.push(post(target.url, target.secret, id, body));
    }
    await Promise.all(posts);
  }
  return { sent, seconds: (clock() - started) / 1000 };
}

serveParent({ pid: process.pid }, { run, cpuMicros });
process.on('SIGTERM', () => process.exit(0));
