/** A refusal raised by a page itself (a sentence saying what to do), rendered as HTML like every RelayError there. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RelayError } from '../../relayError.ts';

export class WebError extends RelayError {
  constructor(status: ContentfulStatusCode, message: string) {
    super(status, status === 404 ? 'not_found' : status === 403 ? 'forbidden' : 'refused', message);
  }
}

export const pageNotFound = (what: string) => new WebError(404, `${what} does not exist (any more).`);
