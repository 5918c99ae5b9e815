/** The relay's HTTP app: ingest, the /v1 JSON API, health, OpenAPI and its reference page. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { RelayContext } from '../relayContext.ts';
import { ApiError, handleError } from './apiError.ts';
import { bearerAuth } from './auth.ts';
import { openApiDocument } from './openApiDocument.ts';
import { apiReferencePage } from './routes/apiReferencePage.ts';
import { securityHeaders } from '../web/securityHeaders.ts';
import { eventRoutes, eventTypeRoutes } from './routes/eventRoutes.ts';
import { apiIngestRoutes, pluginIngestRoutes } from './routes/ingestRoutes.ts';
import { deliveryRoutes, webhookRoutes } from './routes/webhookRoutes.ts';
import { networkRoutes } from './routes/networkRoutes.ts';
import { webRoutes } from '../web/webRoutes.ts';

export function createApp(relay: RelayContext) {
  const app = new Hono();
  // The ingest token is a secret path segment: it never goes into the log.
  const loggedPath = (path: string) => path.replace(/^\/ingest\/[^/]*/, '/ingest/{token}');
  app.onError((error, c) => handleError(error, c, (unexpected) => relay.log.error('unhandled error', { path: loggedPath(c.req.path), error: unexpected.message })));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));

  const limit = bodyLimit({
    maxSize: relay.config.maxBodyBytes,
    onError: () => {
      throw new ApiError(413, 'payload_too_large', `body: larger than the ${relay.config.maxBodyBytes} byte limit (RELAY_MAX_BODY_BYTES)`, 'body');
    },
  });
  app.use('/ingest/*', limit);
  app.use('/v1/*', limit);
  app.use('/v1/*', bearerAuth(() => relay.keys.apiKey));

  app.get('/healthz', async (c) => {
    await relay.store.nextDueAt();
    return c.json({ ok: true });
  });
  app.get('/openapi.json', (c) => c.json(openApiDocument(relay.version)));
  app.get('/docs', securityHeaders, (c) => c.html(apiReferencePage(relay.version)));

  app.route('/ingest', pluginIngestRoutes(relay));
  app.get('/v1/me', (c) => c.json({ name: relay.config.name, version: relay.version, store: relay.store.kind }));
  app.route('/v1/events', apiIngestRoutes(relay));
  app.route('/v1/events', eventRoutes(relay));
  app.route('/v1/event-types', eventTypeRoutes(relay));
  app.route('/v1/webhooks', webhookRoutes(relay));
  app.route('/v1/deliveries', deliveryRoutes(relay));
  app.route('/v1/network', networkRoutes(relay));
  app.route('/', webRoutes(relay)); // the web page (/ui) and inspector bins (/inspect)
  return app;
}
