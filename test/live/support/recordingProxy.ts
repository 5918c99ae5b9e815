/**
 * A real HTTP proxy on loopback in front of a plugin REST API (the live network or the double): a relay connected
 * through it works as usual, and every request it makes is kept with the answer, to compare two networks' answers
 * to the same Zap.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Exchange {
  method: string;
  /** Path and query as the relay sent them. */
  path: string;
  status: number;
  body: unknown;
}

export interface RecordingProxy {
  url: string;
  exchanges: Exchange[];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const exchanges: Exchange[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      try {
        const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)).map(([name, value]) => [name, String(value)]));
        const answer = await fetch(target + req.url!, { method: req.method, headers, body: body.length ? body : undefined, redirect: 'manual' });
        const text = await answer.text();
        let json: unknown = text;
        try {
          json = JSON.parse(text) as unknown;
        } catch {
          // kept as text
        }
        exchanges.push({ method: req.method!, path: req.url!, status: answer.status, body: json });
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
      } catch (error) {
        res.writeHead(502).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exchanges,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
