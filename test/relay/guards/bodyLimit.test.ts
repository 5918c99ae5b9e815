/**
 * The body limit over a real Node server: a declared length is judged before anything is read, a chunked body is
 * counted while it is read, and a body within the limit reaches the route whole through the adapter's direct path
 * (not a Fetch Request over a web stream, which Hono's own middleware made for every request).
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyLimit } from '../../../relay/src/guards/bodyLimit.ts';

const maxBytes = 1000;
let server: ServerType;
let port: number;
/**
 * Per request, whether the route still had @hono/node-server's lightweight request, never turned into a full Fetch
 * Request (the adapter keeps that one under a `requestCache` symbol once made), so its body is read directly.
 */
let direct: boolean[] = [];

function readsDirectly(request: Request): boolean {
  const lightweight = Object.getPrototypeOf(request) !== Request.prototype;
  const made = Object.getOwnPropertySymbols(request).some((symbol) => symbol.description === 'requestCache' && (request as never)[symbol] !== undefined);
  return lightweight && !made;
}

beforeAll(async () => {
  const app = new Hono();
  app.use('*', bodyLimit({ maxBytes, onTooLarge: (c) => c.json({ error: 'too large' }, 413) }));
  app.post('/', async (c) => {
    direct.push(readsDirectly(c.req.raw));
    return c.json({ length: (await c.req.text()).length });
  });
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function post(body: string, chunked: boolean): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/', agent: false,
      headers: chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.on('data', (chunk) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, text }));
    });
    request.on('error', reject);
    if (chunked) for (let at = 0; at < body.length; at += 100) request.write(body.slice(at, at + 100));
    request.end(chunked ? undefined : body);
  });
}

describe('bodyLimit', () => {
  for (const chunked of [false, true]) {
    const kind = chunked ? 'chunked' : 'declared';
    it(`passes a ${kind} body at the limit whole, and refuses one a byte over with 413`, async () => {
      direct = [];
      expect(await post('x'.repeat(maxBytes), chunked)).toEqual({ status: 200, text: JSON.stringify({ length: maxBytes }) });
      expect((await post('x'.repeat(maxBytes + 1), chunked)).status).toBe(413);
      // Only a chunked body is read through a stream before the route (Hono's counting middleware).
      expect(direct).toEqual([!chunked]);
    });
  }
});
