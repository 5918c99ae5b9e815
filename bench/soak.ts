/**
 * Soak (`npm run soak`): a steady 1,000 events/s for 2 minutes into a relay child process (SQLite), fanned out
 * to 5 subscribers, one of which fails half of its first three attempts at each delivery (500, retried). Checks
 * the relay's RSS stays within a bound after warm-up, no acknowledged event is lost, and no backlog is left.
 * SOAK_SECONDS, SOAK_RATE and SOAK_RSS_GROWTH_MB override the defaults (120, 1000, 96).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnRelayProcess } from '../test/support/relayProcess.ts';
import { tempDir } from '../test/support/testRelay.ts';

const seconds = Number(process.env.SOAK_SECONDS ?? 120);
const rate = Number(process.env.SOAK_RATE ?? 1000);
const warmupSeconds = Math.min(20, seconds / 4);
const rssGrowthBoundMb = Number(process.env.SOAK_RSS_GROWTH_MB ?? 96);
const keys = { RELAY_API_KEY: 'rk_soak_key_31x8', RELAY_INGEST_TOKEN: 'it_soak_token_9q2v' };

interface SoakReceiver { url: string; delivered: Set<string>; requests: number; failures: number; close(): Promise<void> }

async function startSoakReceiver(failing: boolean): Promise<SoakReceiver> {
  const delivered = new Set<string>();
  const state = { requests: 0, failures: 0 };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.requests++;
      const attempt = Number(req.headers['x-um-attempt']);
      if (failing && attempt <= 3 && Math.random() < 0.5) {
        state.failures++;
        return res.writeHead(500).end('flaky');
      }
      delivered.add(req.headers['webhook-id'] as string);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    delivered,
    get requests() { return state.requests; },
    get failures() { return state.failures; },
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const receivers = await Promise.all([false, false, false, false, true].map(startSoakReceiver));
  const relay = await spawnRelayProcess({
    ...keys,
    RELAY_DATA_DIR: tempDir('relay-soak-'),
    RELAY_ALLOW_PRIVATE_TARGETS: '1',
    RELAY_RETRY_SCHEDULE: '0,1s,2s,4s,8s,8s,8s,8s',
    RELAY_LOG_LEVEL: 'info',
  });
  const url = relay.url!;
  const pid = relay.child.pid!;
  const webhookIds: string[] = [];
  for (const receiver of receivers) {
    const response = await fetch(`${url}/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.RELAY_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Soak subscriber', url: receiver.url, event: 'payment_received' }),
    });
    webhookIds.push(((await response.json()) as { id: string }).id);
  }

  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const ingestUrl = new URL(`${url}/ingest/${keys.RELAY_INGEST_TOKEN}/payment_received`);
  const acked: string[] = [];
  let refused = 0;
  let inFlight = 0;
  const post = (n: number) =>
    new Promise<void>((resolve) => {
      inFlight++;
      const body = JSON.stringify({ payment_id: n, payment_total: '19.90', customer_user_email: `soak${n}@example.com`, customer_name: 'Soak Test' });
      const request = http.request(ingestUrl, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('end', () => {
          if (response.statusCode === 202) acked.push(JSON.parse(Buffer.concat(chunks).toString()).id);
          else refused++;
          inFlight--;
          resolve();
        });
      });
      request.on('error', () => (refused++, inFlight--, resolve()));
      request.end(body);
    });

  const rss: { t: number; mb: number }[] = [];
  const started = Date.now();
  const sampler = setInterval(() => rss.push({ t: (Date.now() - started) / 1000, mb: rssMb(pid) }), 1000);
  let sent = 0;
  const pending: Promise<void>[] = [];
  let lastReport = started;
  // Steady pacing: every 10 ms, send what the schedule says should have gone out by now.
  while (Date.now() - started < seconds * 1000) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (sent < due && inFlight < 512) pending.push(post(++sent));
    if (pending.length > 5000) pending.splice(0, pending.length - 512);
    if (Date.now() - lastReport >= 10_000) {
      lastReport = Date.now();
      const delivered = receivers.reduce((sum, receiver) => sum + receiver.delivered.size, 0);
      console.log(`t=${Math.round((lastReport - started) / 1000)}s sent ${sent} acked ${acked.length} delivered ${delivered}/${acked.length * 5} relay rss ${rssMb(pid).toFixed(0)} MB`);
    }
    await sleep(10);
  }
  await Promise.all(pending);
  const loadSeconds = (Date.now() - started) / 1000;

  // After the load: every acknowledged event reaches all 5, and nothing is left pending.
  const drainStarted = Date.now();
  const missing = () => receivers.reduce((sum, receiver) => sum + acked.filter((id) => !receiver.delivered.has(id)).length, 0);
  while (missing() > 0 && Date.now() - drainStarted < 600_000) await sleep(1000);
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  await sleep(2000);
  let backlog = 0;
  for (const id of webhookIds) {
    const page = await (await fetch(`${url}/v1/webhooks/${id}/deliveries?status=pending&limit=100`, { headers: { authorization: `Bearer ${keys.RELAY_API_KEY}` } })).json() as { data: unknown[] };
    backlog += page.data.length;
  }
  clearInterval(sampler);
  const afterWarmup = rss.filter((sample) => sample.t >= warmupSeconds);
  const baseline = afterWarmup[0]?.mb ?? rss[0].mb;
  const peak = Math.max(...rss.map((sample) => sample.mb));
  const peakAfterWarmup = Math.max(...afterWarmup.map((sample) => sample.mb));
  const result = {
    seconds: Math.round(loadSeconds),
    target_rate: rate,
    sent,
    acked: acked.length,
    refused,
    achieved_ingest_rate: Math.round(acked.length / loadSeconds),
    deliveries_expected: acked.length * 5,
    lost: missing(),
    drain_seconds_after_load: Math.round(drainSeconds),
    backlog_pending: backlog,
    flaky_receiver: { requests: receivers[4].requests, failures: receivers[4].failures },
    relay_rss_mb: { at_warmup_end: Math.round(baseline), peak_after_warmup: Math.round(peakAfterWarmup), peak: Math.round(peak), end: Math.round(rss.at(-1)!.mb), growth_bound: rssGrowthBoundMb },
  };
  console.log(JSON.stringify(result, null, 2));
  await relay.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  agent.destroy();
  const failures = [
    result.lost > 0 && `${result.lost} deliveries of acknowledged events never arrived`,
    backlog > 0 && `${backlog} deliveries still pending after the load`,
    peakAfterWarmup - baseline > rssGrowthBoundMb && `relay RSS grew ${Math.round(peakAfterWarmup - baseline)} MB after warm-up (bound ${rssGrowthBoundMb} MB)`,
  ].filter(Boolean);
  if (failures.length) {
    console.error(`SOAK FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  console.log('soak passed');
}

await main();
