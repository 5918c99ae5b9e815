/** An error a page shows as HTML (status and a sentence saying what to do), never as the API's JSON. */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class WebError extends Error {
  readonly status: ContentfulStatusCode;

  constructor(status: ContentfulStatusCode, message: string) {
    super(message);
    this.status = status;
  }
}

export const pageNotFound = (what: string) => new WebError(404, `${what} does not exist (any more).`);
