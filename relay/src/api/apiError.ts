/** The API's errors: the RelayErrors the routes raise, and how every error is answered as JSON. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { RelayError } from '../relayError.ts';
import { isStoreUnavailable, storeRetryAfterSeconds } from '../store/storeUnavailable.ts';

export const notFound = (what: string, id: string) => new RelayError(404, 'not_found', `${what} ${JSON.stringify(id)} does not exist`);

/** The first zod issue as "field: problem", with the field path dotted. */
export function validationError(error: z.ZodError, prefix?: string): RelayError {
  const issue = closestIssue(error.issues[0]);
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'is required';
  return new RelayError(400, 'invalid_request', path ? `${path}: ${message}` : message, { field: path || undefined });
}

/** For a value that fits one shape of a union (an object where null, a word or an object would do), what is wrong inside it. */
function closestIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const rootMismatch = (branch: z.core.$ZodIssue[]) => branch.every((inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_value'));
  const fitting = issue.errors.filter((branch) => !rootMismatch(branch));
  return fitting.length === 1 ? { ...fitting[0][0], path: [...issue.path, ...fitting[0][0].path] } : issue;
}

export function errorBody(code: string, message: string, field?: string) {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

/** Every error leaves as JSON; anything unexpected is logged and answered 500 without details. */
export function handleError(error: Error, c: Context, logUnexpected: (error: Error) => void, logUnavailable: (error: Error) => void = logUnexpected) {
  if (error instanceof RelayError) {
    if (error.retryAfterSeconds) c.header('Retry-After', String(error.retryAfterSeconds));
    return c.json(errorBody(error.code, error.message, error.field), error.status);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'http_error';
    return c.json(errorBody(code, error.message || 'request refused'), status as ContentfulStatusCode);
  }
  if (isStoreUnavailable(error)) {
    logUnavailable(error);
    c.header('Retry-After', String(storeRetryAfterSeconds));
    return c.json(errorBody('store_unavailable', 'The relay’s database is unavailable right now; this request was not carried out. Send it again in a few seconds.'), 503);
  }
  logUnexpected(error);
  return c.json(errorBody('internal_error', 'The relay hit an unexpected error; this request may not have been carried out. Try again.'), 500);
}
