/**
 * Sends one webhook request: keep-alive agents, a hard deadline, redirects never followed, only the first
 * bytes of the response kept (the rest is discarded as it streams, so memory stays flat).
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { urlToHttpOptions } from 'node:url';
import { TargetGuard } from '../outgoing/targetGuard.ts';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** A paced send's deadline (epoch ms): later than this it is not sent at all (answered `notSent`). */
  notAfter?: number;
}

export interface WebhookResponse {
  statusCode: number | null;
  /** Raw Retry-After header, when the receiver sent one. */
  retryAfter: string | null;
  excerpt: string | null;
  durationMs: number;
  error: string | null;
  /** No answer within the deadline: the receiver held the attempt for the whole timeout. */
  timedOut?: boolean;
  /** Not sent: its notAfter had passed (no attempt was made). */
  notSent?: boolean;
}

/** What the worker and Send Test Event send through: in-process (WebhookHttpClient) or on the sender thread. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>;
  /** Deliveries are coming (a webhook was subscribed): get ready now rather than on the first request. */
  prepare?(): void;
  close(): void;
}

export interface HttpClientOptions {
  guard: TargetGuard;
  timeoutMs: number;
  excerptBytes: number;
  /** Above this, the rest of a response is not read; the socket is dropped instead. */
  maxDrainBytes?: number;
}

const hostnameOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** A target URL parsed once: what http.request would otherwise derive from it on every attempt. */
interface ParsedTarget {
  https: boolean;
  options: http.RequestOptions;
}

/** Webhook URLs seen lately, parsed and (IP literals) checked by the guard; cleared when it grows past this. */
const maxParsedTargets = 10_000;

export class WebhookHttpClient implements WebhookSender {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly targets = new Map<string, ParsedTarget>();

  private readonly options: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.options = options;
    // No per-host socket cap: every Zap is on hooks.zapier.com, so a cap per host let a few hanging Zaps queue
    // every other Zap's deliveries behind them. The worker's per-webhook and total in-flight limits bound sockets.
    const agentOptions = { keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256, scheduling: 'lifo' as const, lookup: options.guard.lookup };
    this.httpAgent = new http.Agent(agentOptions);
    this.httpsAgent = new https.Agent(agentOptions);
  }

  send(request: WebhookRequest): Promise<WebhookResponse> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    return new Promise((resolve) => {
      let settled = false;
      let deadline: NodeJS.Timeout | undefined;
      const finish = (result: Omit<WebhookResponse, 'durationMs'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ ...result, durationMs: elapsed() });
      };
      let timedOut = false;
      const failure = (error: string) => finish({ statusCode: null, retryAfter: null, excerpt: null, error, timedOut });

      // Checked here, where the request leaves (on the sender thread, too): a queue before it must not bunch paced sends.
      if (request.notAfter !== undefined && Date.now() > request.notAfter) return finish({ statusCode: null, retryAfter: null, excerpt: null, error: 'missed its send slot', notSent: true });
      let target: ParsedTarget;
      try {
        target = this.parse(request.url);
      } catch (error) {
        return failure((error as Error).message);
      }

      const outgoing = (target.https ? https : http).request({
        ...target.options,
        method: 'POST',
        agent: target.https ? this.httpsAgent : this.httpAgent,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      });
      deadline = setTimeout(() => {
        timedOut = true;
        outgoing.destroy(new Error(`timed out after ${this.options.timeoutMs} ms`));
      }, this.options.timeoutMs);

      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        failure(error.code && !error.message.includes(error.code) ? `${error.code}: ${error.message}` : error.message);
      });
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        let seen = 0;
        const maxDrain = this.options.maxDrainBytes ?? 1024 * 1024;
        const respond = () =>
          finish({
            statusCode: response.statusCode ?? null,
            retryAfter: (response.headers['retry-after'] as string | undefined) ?? null,
            excerpt: Buffer.concat(chunks).toString('utf8'),
            error: null,
          });
        response.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (kept < this.options.excerptBytes) {
            const part = chunk.subarray(0, this.options.excerptBytes - kept);
            chunks.push(part);
            kept += part.length;
          }
          if (seen > maxDrain) {
            // Enough: answer now and drop the connection rather than read a huge body.
            respond();
            response.destroy();
          }
        });
        response.on('end', respond);
        response.on('error', (error) => (settled ? undefined : failure(`response interrupted: ${error.message}`)));
        response.on('aborted', () => failure('response aborted'));
      });
      outgoing.end(request.body);
    });
  }

  /** The URL as request options; throws for a malformed URL or an IP literal the guard refuses (never cached). */
  private parse(raw: string): ParsedTarget {
    const known = this.targets.get(raw);
    if (known) return known;
    const url = new URL(raw);
    // Node skips `lookup` for IP literals, so check those here.
    const host = hostnameOf(url);
    if (net.isIP(host)) this.options.guard.check(host);
    const target: ParsedTarget = { https: url.protocol === 'https:', options: urlToHttpOptions(url) };
    if (this.targets.size >= maxParsedTargets) this.targets.clear();
    this.targets.set(raw, target);
    return target;
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
