/**
 * The relay's web page, mounted on the relay's own app: /ui/* (pages, signed in with the API key) and
 * /inspect/* (inspector bins' public URLs). / redirects to the webhooks list.
 */
import { Hono } from 'hono';
import { bodyLimit } from '../guards/bodyLimit.ts';
import type { RelayContext } from '../relayContext.ts';
import { assetRoutes } from './assets/assetRoutes.ts';
import { csrfProtection } from './session/csrf.ts';
import { renderError } from './layout/errorPage.ts';
import { binEndpoint, inspectPath } from './inspector/binEndpoint.ts';
import { editWebhookPage } from './pages/editWebhookPage.ts';
import { eventsPage } from './pages/eventsPage.ts';
import { eventTypesPage } from './pages/eventTypesPage.ts';
import { inspectorPage } from './pages/inspectorPage.ts';
import { networkPage } from './pages/networkPage.ts';
import { newWebhookPage } from './pages/newWebhookPage.ts';
import { signInRoutes } from './pages/signInPage.ts';
import { webhookActionRoutes } from './pages/webhookActions.ts';
import { webhookDetailPage } from './pages/webhookDetailPage.ts';
import { webhooksPage } from './pages/webhooksPage.ts';
import { securityHeaders } from './layout/securityHeaders.ts';
import { refuseUnsignedPosts, requireSession, uiPath } from './session/session.ts';
import { WebError } from './layout/webError.ts';
import type { WebEnv } from './session/webEnv.ts';

function uiRoutes(relay: RelayContext) {
  const ui = new Hono<WebEnv>();
  ui.onError(renderError(relay));
  ui.use('*', securityHeaders);
  ui.route('/assets', assetRoutes());
  // A form posted without a signed-in session (sign-in itself aside) is sent to sign in before its body is read.
  ui.use('*', refuseUnsignedPosts(relay));
  // Forms are small; nothing larger is read.
  ui.use('*', bodyLimit({ maxBytes: 64 * 1024, onTooLarge: () => { throw new WebError(413, 'The form is larger than 64 KiB.'); } }));
  ui.use('*', csrfProtection(relay));
  ui.route('/', signInRoutes(relay));
  ui.use('*', requireSession(relay));
  ui.get('/', (c) => c.redirect(`${uiPath}/webhooks`, 303));
  ui.route('/', newWebhookPage(relay)); // before /webhooks/:id, so "new" is not taken for an id
  ui.route('/', editWebhookPage(relay));
  ui.route('/', webhooksPage(relay));
  ui.route('/', webhookDetailPage(relay));
  ui.route('/', webhookActionRoutes(relay));
  ui.route('/', eventsPage(relay));
  ui.route('/', eventTypesPage(relay));
  ui.route('/', networkPage(relay));
  ui.route('/', inspectorPage(relay));
  ui.all('*', () => {
    throw new WebError(404, 'There is no such page.');
  });
  return ui;
}

export function webRoutes(relay: RelayContext) {
  return new Hono()
    .get('/', (c) => c.redirect(`${uiPath}/webhooks`, 303))
    .route(uiPath, uiRoutes(relay))
    .route(inspectPath, binEndpoint(relay));
}
