/**
 * The relay's HTTP app: the API (ingest, /v1, health) and the web page (/ui, inspector bins) are siblings, composed
 * here behind the guards every request passes first.
 */
import { Hono } from 'hono';
import { apiErrorHandler, apiRoutes } from './api/apiRoutes.ts';
import { closeWhenBodyUnread } from './guards/closeWhenBodyUnread.ts';
import { refuseControlCharacters } from './guards/refuseControlCharacters.ts';
import type { RelayContext } from './relayContext.ts';
import { securityHeaders } from './web/layout/securityHeaders.ts';
import { webRoutes } from './web/webRoutes.ts';

export function createHttpApp(relay: RelayContext) {
  const app = new Hono();
  app.onError(apiErrorHandler(relay));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` } }, 404));
  app.use('*', closeWhenBodyUnread());
  for (const path of ['/v1/*', '/ingest/*', '/ui/*']) app.use(path, refuseControlCharacters());
  // The API reference is a page too: the web page's strict CSP and headers apply.
  app.use('/docs', securityHeaders);
  app.route('/', apiRoutes(relay));
  app.route('/', webRoutes(relay));
  return app;
}
