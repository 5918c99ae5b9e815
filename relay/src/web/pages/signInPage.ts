/** Sign in with the relay's API key (the same key the JSON API takes), and sign out. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { secretsEqual } from '../../access/secretsEqual.ts';
import type { RelayContext } from '../../relayContext.ts';
import { csrfInput, type Html } from '../layout/components.ts';
import { layout } from '../layout/layout.ts';
import { noticeFrom, withNotice } from '../layout/notices.ts';
import { endSession, readSession, startSession, uiPath } from '../session/session.ts';
import type { WebEnv } from '../session/webEnv.ts';

/** Only a path on this relay's pages: an open redirect would turn sign-in into a phishing helper. */
function safeNext(next: unknown): string {
  const acceptable = typeof next === 'string' && next.startsWith(`${uiPath}/`) && !next.includes('\\') && !/[\u0000-\u001f\u007f]/.test(next);
  return acceptable ? next : `${uiPath}/webhooks`;
}

function signInView(options: { csrfToken: string; next: string; error?: string; notice?: string | null }): Html {
  return layout(
    { title: 'Sign in', notice: options.notice },
    html`<section class="card narrow">
  <h1>Sign in</h1>
  <p class="muted">Use the relay’s API key: printed when the relay first started, or shown by <code>npm run relay -- keys</code>.</p>
  <form method="post" action="${uiPath}/sign-in" class="stack">
    ${csrfInput(options.csrfToken)}<input type="hidden" name="next" value="${options.next}">
    <label for="api_key">API key</label>
    <input id="api_key" name="api_key" type="password" autocomplete="current-password" required${options.error ? html` aria-invalid="true" aria-describedby="api_key-error"` : ''}>
    ${options.error ? html`<p class="field-error" id="api_key-error">${options.error}</p>` : ''}
    <button class="primary">Sign in</button>
  </form>
</section>`,
  );
}

export function signInRoutes(relay: RelayContext) {
  return new Hono<WebEnv>()
    .get('/sign-in', async (c) => {
      const next = safeNext(c.req.query('next'));
      if (await readSession(c, relay)) return c.redirect(next, 303);
      return c.html(signInView({ csrfToken: c.get('csrfToken'), next, notice: noticeFrom(c) }));
    })
    .post('/sign-in', async (c) => {
      const form = await c.req.parseBody();
      const next = safeNext(form.next);
      const given = typeof form.api_key === 'string' ? form.api_key.trim() : '';
      if (!given || !secretsEqual(given, relay.keys.apiKey)) {
        const client = relay.authThrottle.clientAddress(c);
        relay.log.warn('web sign-in refused', { ip: client });
        const wait = given ? relay.authThrottle.refusalFor(client) : null;
        if (wait !== null) {
          c.header('Retry-After', String(wait));
          return c.html(signInView({ csrfToken: c.get('csrfToken'), next, error: `Too many wrong keys from this address: wait ${wait} s before trying again.` }), 429);
        }
        return c.html(signInView({ csrfToken: c.get('csrfToken'), next, error: given ? 'That is not this relay’s API key.' : 'Enter the API key.' }), 401);
      }
      startSession(c, relay);
      return c.redirect(next, 303);
    })
    .post('/sign-out', async (c) => {
      await endSession(c, relay);
      return c.redirect(withNotice(`${uiPath}/sign-in`, 'signed-out'), 303);
    });
}
