/**
 * /inspect/{binId}: a request inspector bin's public URL (what requestbin.com gave the guide). Any method,
 * no auth (it is a webhook target); the newest `keepPerBin` requests are kept. Answers 200 with a small JSON
 * body, because Ultimate Multisite's "Send Test Event" shows success only for a non-empty body.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from '../../guards/bodyLimit.ts';
import type { RelayContext } from '../../relayContext.ts';
import { newId } from '../../store/ids.ts';
import { storableText } from '../../store/storableText.ts';

export const inspectPath = '/inspect';
export const keepPerBin = 100;

export function binUrl(base: string, binId: string): string {
  return `${base}${inspectPath}/${encodeURIComponent(binId)}`;
}

export function binEndpoint(relay: RelayContext) {
  const record = new Hono();
  // An unknown bin is answered before its body is read (the limit below reads a chunked body whole).
  record.use('/:binId/*', async (c, next) => {
    if (!(await relay.store.inspector.getBin(storableText(c.req.param('binId') ?? '')))) return c.json({ ok: false, error: 'no such inspector bin (deleted?)' }, 404);
    await next();
  });
  record.use('*', bodyLimit({ maxBytes: relay.config.maxBodyBytes, onTooLarge: (c) => c.json({ ok: false, error: `body larger than ${relay.config.maxBodyBytes} bytes` }, 413) }));
  const receive = async (c: Context) => {
    const bin = await relay.store.inspector.getBin(storableText(c.req.param('binId') ?? ''));
    if (!bin) return c.json({ ok: false, error: 'no such inspector bin (deleted?)' }, 404);
    const url = new URL(c.req.url);
    const id = newId('req');
    await relay.store.inspector.recordRequest(
      {
        id,
        binId: bin.id,
        method: c.req.method,
        path: storableText(url.pathname + url.search),
        headers: Object.fromEntries([...c.req.raw.headers].map(([name, value]) => [name, storableText(value)])),
        // Lenient decoding: the inspector shows whatever arrived, even bytes that are not UTF-8 (NUL as U+FFFD).
        body: storableText(new TextDecoder().decode(await c.req.arrayBuffer())),
        receivedAt: relay.now(),
      },
      keepPerBin,
    );
    return c.json({ ok: true, bin: bin.id, request: id });
  };
  // The bin's URL itself, and anything below it (some senders append a path).
  record.all('/:binId', receive);
  record.all('/:binId/*', receive);
  return record;
}
