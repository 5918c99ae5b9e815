/** Errors on the web pages render as a page saying what went wrong and what to do, not as the API's JSON. */
import type { Context } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import { layout } from './layout.ts';
import { uiPath } from '../session/session.ts';
import { RelayError } from '../../relayError.ts';
import { isStoreUnavailable, storeRetryAfterSeconds } from '../../store/storeUnavailable.ts';

export function renderError(relay: RelayContext) {
  return (error: Error, c: Context) => {
    // The services' refusals (the same the API answers as JSON) read as well on a page.
    const known = error instanceof RelayError;
    const unavailable = !known && isStoreUnavailable(error);
    if (!known) relay.log.error(unavailable ? 'web page: store unavailable' : 'web page error', { path: c.req.path, error: error.message });
    if (unavailable) c.header('Retry-After', String(storeRetryAfterSeconds));
    const status = known ? error.status : unavailable ? 503 : 500;
    const message = known
      ? error.message
      : unavailable
        ? 'The relay’s database is unavailable right now; nothing was changed. Try again in a few seconds.'
        : 'The relay hit an unexpected error; this action may not have been carried out. Go back and try again.';
    const body = html`<section class="card narrow error-page"><h1>${status === 403 ? 'Refused' : status === 404 ? 'Not found' : 'Something went wrong'}</h1>
<p class="field-error">${message}</p><p><a href="${uiPath}/webhooks">Back to the webhooks</a></p></section>`;
    return c.html(layout({ title: 'Error' }, body), status);
  };
}
