/**
 * The one error type of the relay's services: a refusal with the HTTP status it is answered with, a
 * machine-readable code, a message saying what to do and, where one is at fault, the field. The API renders it
 * as JSON, the web page as HTML; services never know which front end called them.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export class RelayError<Status extends ContentfulStatusCode = ContentfulStatusCode> extends Error {
  readonly status: Status;
  readonly code: string;
  readonly field?: string;
  /** Seconds the caller should wait before trying again (sent as Retry-After). */
  readonly retryAfterSeconds?: number;

  constructor(status: Status, code: string, message: string, options: { field?: string; retryAfterSeconds?: number } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = options.field;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
