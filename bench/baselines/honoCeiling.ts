/**
 * Ingest ceiling, Hono: the relay's ingest route (same middleware, token check, body reading and validation,
 * same answer) with the store taken out. What the relay would do if storing were free.
 * With BENCH_STOCK_BODY_LIMIT=1 it limits the body with Hono's own bodyLimit, as the relay's route did when
 * issue 16 measured it (that middleware builds a Fetch Request over a web stream for every request).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit as stockBodyLimit } from 'hono/body-limit';
import { bodyLimit } from '../../relay/src/guards/bodyLimit.ts';
import type { AddressInfo } from 'node:net';
import { isPluginSamplePayload } from '../../shared/events/pluginSample.ts';
import { handleError } from '../../relay/src/api/apiError.ts';
import { readPluginIngest } from '../../relay/src/api/routes/ingestRoutes.ts';
import { ingestTokenAuth } from '../../relay/src/api/auth.ts';
import { AuthThrottle } from '../../relay/src/access/authThrottle.ts';
import { TrustedProxies } from '../../relay/src/access/clientAddress.ts';
import { newId } from '../../relay/src/store/ids.ts';
import { cpuMicros, memoryReducingGc, serveParent } from '../childProcess.ts';

const ingestToken = process.env.RELAY_INGEST_TOKEN!;
const app = new Hono();
app.onError((error, c) => handleError(error, c, () => undefined));
app.use('/ingest/:token/*', ingestTokenAuth(() => ingestToken, new AuthThrottle({ maxFailures: 20, windowMs: 60_000, proxies: new TrustedProxies([]) })));
const maxBytes = 1024 * 1024;
app.use('/ingest/*', process.env.BENCH_STOCK_BODY_LIMIT === '1'
  ? stockBodyLimit({ maxSize: maxBytes })
  : bodyLimit({ maxBytes, onTooLarge: (c) => c.json({ error: 'too large' }, 413) }));
app.post('/ingest/:token/:slug', async (c) => {
  const { slug, body } = await readPluginIngest(c);
  const test = isPluginSamplePayload(slug, body.value);
  return c.json({ ok: true, id: newId('evt'), event: slug, test, duplicate: false, deliveries: 0 }, 202);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  serveParent({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, { cpuMicros, gc: memoryReducingGc });
});
process.on('SIGTERM', () => process.exit(0));
