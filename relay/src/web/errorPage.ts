/** Errors on the web pages render as a page saying what went wrong and what to do, not as the API's JSON. */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../relayContext.ts';
import { layout } from './layout.ts';
import { uiPath } from './session.ts';
import { RedeliveryRefused } from '../delivery/redelivery.ts';
import { WebError } from './webError.ts';
import { NetworkConnectionError } from '../network/networkConnectionError.ts';

export function renderError(relay: RelayContext) {
  return (error: Error, c: Context) => {
    // Refusals of the services the API shares (manual redelivery) read as well on a page.
    const known = error instanceof WebError || error instanceof RedeliveryRefused || error instanceof NetworkConnectionError;
    if (!known) relay.log.error('web page error', { path: c.req.path, error: error.message });
    const status = known ? error.status : 500;
    const message = known ? error.message : 'The relay hit an unexpected error; nothing was lost. Go back and try again.';
    const body = html`<section class="card narrow error-page"><h1>${status === 403 ? 'Refused' : status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<p class="field-error">${message}</p><p><a href="${uiPath}/webhooks">Back to the webhooks</a></p></section>`;
    return c.html(layout({ title: 'Error' }, body), status);
  };
}
