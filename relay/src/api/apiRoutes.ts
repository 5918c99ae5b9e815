/** The relay's machine-facing routes: ingest, the /v1 JSON API, health, metrics, OpenAPI and its reference page. */
import { Hono, type Context } from 'hono';
import type { RelayContext } from '../relayContext.ts';
import { handleError } from './apiError.ts';
import { bearerAuth, ingestTokenAuth } from './auth.ts';
import { bodyLimit } from '../guards/bodyLimit.ts';
import { openApiDocument } from './openApiDocument.ts';
import { apiReferencePage } from './routes/apiReferencePage.ts';
import { eventRoutes, eventTypeRoutes } from './routes/eventRoutes.ts';
import { apiIngestRoutes, pluginIngestRoutes } from './routes/ingestRoutes.ts';
import { deliveryRoutes, webhookRoutes } from './routes/webhookRoutes.ts';
import { networkActionRoutes } from './routes/networkActionRoutes.ts';
import { networkRoutes } from './routes/networkRoutes.ts';
import { RelayError } from '../relayError.ts';
import { gapRepairRoutes } from './routes/gapRepairRoutes.ts';

export function apiRoutes(relay: RelayContext) {
  // Its errors are answered by the composing app's handler (httpApp.ts: apiErrorHandler, one for every route).
  const app = new Hono();

  const limit = bodyLimit({
    maxBytes: relay.config.maxBodyBytes,
    onTooLarge: () => {
      throw new RelayError(413, 'payload_too_large', `body: larger than the ${relay.config.maxBodyBytes} byte limit (RELAY_MAX_BODY_BYTES)`, { field: 'body' });
    },
  });
  // Who is asking is settled before a byte of the body is read: an unauthenticated client cannot make the relay
  // buffer anything (the limit middleware reads a chunked body whole before the route runs).
  app.use('/ingest/:token/*', ingestTokenAuth(() => relay.keys.ingestToken, relay.authThrottle));
  app.use('/ingest/*', limit);
  app.use('/v1/*', bearerAuth(() => relay.keys.apiKey, relay.authThrottle));
  app.use('/v1/*', limit);

  app.get('/healthz', async (c) => {
    const report = await relay.health.report();
    return c.json(report, report.ok ? 200 : 503);
  });
  // Prometheus scrapes with the API key (bearer_token_file in its scrape config): the figures name webhooks' event types and volumes.
  app.get('/metrics', bearerAuth(() => relay.keys.apiKey, relay.authThrottle), async (c) => {
    const { contentType, body } = await relay.metrics.render();
    return c.body(body, 200, { 'content-type': contentType });
  });
  app.get('/openapi.json', (c) => c.json(openApiDocument(relay.version)));
  app.get('/docs', (c) => c.html(apiReferencePage(relay.version))); // its CSP: httpApp.ts

  app.route('/ingest', pluginIngestRoutes(relay));
  app.get('/v1/me', (c) => c.json({ name: relay.config.name, version: relay.version, store: relay.store.kind }));
  app.route('/v1/events', apiIngestRoutes(relay));
  app.route('/v1/events', eventRoutes(relay));
  app.route('/v1/event-types', eventTypeRoutes(relay));
  app.route('/v1/webhooks', webhookRoutes(relay));
  app.route('/v1/deliveries', deliveryRoutes(relay));
  app.route('/v1/network/gap-repair', gapRepairRoutes(relay));
  app.route('/v1/network', networkRoutes(relay));
  app.route('/v1/network', networkActionRoutes(relay));
  return app;
}

/** Every error leaves as JSON; the ingest token, a secret path segment, never goes into the log. */
export function apiErrorHandler(relay: RelayContext) {
  const loggedPath = (path: string) => path.replace(/^\/ingest\/[^/]*/, '/ingest/{token}');
  const unavailable = throttledWarning(relay);
  return (error: Error, c: Context) =>
    handleError(
      error,
      c,
      (unexpected) => relay.log.error('unhandled error', { path: loggedPath(c.req.path), error: unexpected.message }),
      (cause) => unavailable(cause.message),
    );
}

/** The database being away fails every request: one warning per 5 s says so, with how many failed meanwhile. */
function throttledWarning(relay: RelayContext): (error: string) => void {
  let lastAt = 0;
  let suppressed = 0;
  return (error) => {
    if (relay.now() - lastAt < 5000) return void suppressed++;
    relay.log.warn('store unavailable: answering 503', { error, failed_since_last_warning: suppressed });
    lastAt = relay.now();
    suppressed = 0;
  };
}
