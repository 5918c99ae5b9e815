/**
 * The host side: posts Payment Received bodies over keep-alive connections, like many WordPress PHP workers at
 * once. Runs in the bench's parent process, never in the process it measures.
 */
import http from 'node:http';
import { clock } from './childProcess.ts';
import { paymentReceivedBody } from './payload.ts';

export interface Ack {
  /** Event id from the response body ({"id": …}), the webhook-id subscribers see. */
  id: string;
  sentAt: number;
  ackAt: number;
}

export interface LoadResult {
  acks: Ack[];
  errors: number;
  firstError: string | null;
  seconds: number;
}

export class LoadGenerator {
  private readonly agent: http.Agent;
  private readonly target: URL;
  private sequence = 0;

  private readonly connections: number;

  constructor(url: string, connections: number = 50) {
    this.connections = connections;
    this.target = new URL(url);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
  }

  /** One POST; resolves with its ack, rejects on a non-2xx answer or a network error. */
  post(): Promise<Ack> {
    const body = paymentReceivedBody(this.sequence++);
    const sentAt = clock();
    return new Promise((resolve, reject) => {
      const request = http.request(this.target, {
        method: 'POST', agent: this.agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'WordPress/6.8; https://network.example' },
      }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const ackAt = clock();
          const text = Buffer.concat(chunks).toString('utf8');
          if (response.statusCode! < 200 || response.statusCode! >= 300) return reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
          resolve({ id: String((JSON.parse(text) as { id?: unknown }).id ?? ''), sentAt, ackAt });
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  /** Closed loop: every connection posts again as soon as it is answered, for `durationMs`. */
  async forDuration(durationMs: number): Promise<LoadResult> {
    const end = clock() + durationMs;
    return this.run((posted) => posted >= 0 && clock() < end, this.connections);
  }

  /** Closed loop until `count` events were acknowledged. */
  async count(count: number): Promise<LoadResult> {
    return this.run((posted) => posted < count, this.connections);
  }

  /** Open loop: `rate` events/s on a fixed schedule whatever the answers, `count` in all. */
  async paced(rate: number, count: number): Promise<LoadResult> {
    const started = clock();
    const acks: Ack[] = [];
    const failures: Error[] = [];
    const posts: Promise<void>[] = [];
    for (let index = 0; index < count; index++) {
      const due = started + (index * 1000) / rate;
      const wait = due - clock();
      if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      posts.push(this.post().then((ack) => void acks.push(ack), (error: Error) => void failures.push(error)));
    }
    await Promise.all(posts);
    return { acks, errors: failures.length, firstError: failures[0]?.message ?? null, seconds: (clock() - started) / 1000 };
  }

  private async run(more: (posted: number) => boolean, lanes: number): Promise<LoadResult> {
    const started = clock();
    const acks: Ack[] = [];
    const failures: Error[] = [];
    let posted = 0;
    await Promise.all(Array.from({ length: lanes }, async () => {
      while (more(posted)) {
        posted++;
        try {
          acks.push(await this.post());
        } catch (error) {
          failures.push(error as Error);
          if (failures.length > 1000) throw error;
        }
      }
    }));
    return { acks, errors: failures.length, firstError: failures[0]?.message ?? null, seconds: (clock() - started) / 1000 };
  }

  close(): void {
    this.agent.destroy();
  }
}
