/**
 * One HTTP exchange with a host outside the relay other than a webhook delivery (the connected network's API):
 * the SSRF guard checks the address actually connected to (IP literals before connecting, host names as they
 * resolve), one deadline covers connecting and reading, a redirect is answered as is (never followed, so a body
 * with credentials is never sent anywhere else), and at most `maxBytes` of the answer are read.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { urlToHttpOptions } from 'node:url';
import type { TargetGuard } from './targetGuard.ts';

export interface GuardedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
  guard: TargetGuard;
  timeoutMs: number;
  /** Past this many bytes the answer is dropped and the exchange fails `too_large`. */
  maxBytes: number;
}

export interface GuardedAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type GuardedFailure =
  | 'refused_target' // the guard refused the address: nothing was sent, and nothing about the port is known
  | 'timeout'
  | 'unreachable' // DNS, connection refused or reset, TLS
  | 'too_large';

export class GuardedRequestError extends Error {
  readonly failure: GuardedFailure;
  constructor(failure: GuardedFailure, message: string) {
    super(message);
    this.failure = failure;
  }
}

export function guardedRequest(request: GuardedRequest): Promise<GuardedAnswer> {
  return new Promise((resolve, reject) => {
    const host = request.url.hostname.replace(/^\[(.*)\]$/, '$1');
    let settled = false;
    const fail = (failure: GuardedFailure, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outgoing?.destroy();
      reject(new GuardedRequestError(failure, message));
    };
    let outgoing: http.ClientRequest | undefined;
    const deadline = setTimeout(() => fail('timeout', `no answer within ${request.timeoutMs} ms`), request.timeoutMs);
    try {
      // Node skips `lookup` for IP literals (the URL parser has already turned 2130706433 or 0x7f.1 into one).
      if (net.isIP(host)) request.guard.check(host);
    } catch (error) {
      return fail('refused_target', (error as Error).message);
    }
    const secure = request.url.protocol === 'https:';
    outgoing = (secure ? https : http).request({
      ...urlToHttpOptions(request.url),
      method: request.method,
      headers: request.body === undefined ? request.headers : { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      agent: false,
      lookup: request.guard.lookup,
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EBLOCKEDTARGET') return fail('refused_target', error.message);
      fail('unreachable', error.code ?? error.message);
    });
    outgoing.on('response', (response) => {
      const declared = Number(response.headers['content-length']);
      if (declared > request.maxBytes) return fail('too_large', `an answer of ${declared} bytes`);
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > request.maxBytes) return fail('too_large', `an answer of more than ${request.maxBytes} bytes`);
        chunks.push(chunk);
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) });
      });
      response.on('error', (error) => fail('unreachable', `answer interrupted (${error.message})`));
      response.on('aborted', () => fail('unreachable', 'answer interrupted'));
    });
    outgoing.end(request.body);
  });
}
