/**
 * A request's input, checked in one place: its JSON object body or its query, validated by a zod schema. What
 * breaks a rule is a 400 naming the field (`body` when the body is not a JSON object at all).
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import { RelayError } from '../relayError.ts';
import { validationError } from './apiError.ts';
import { isJsonObject, readJsonBody } from './readJson.ts';

/** `value` as a JSON object, else 400 invalid_body; `expected` adds which object, e.g. ` {"event", "payload"}`. */
export function jsonObject(value: unknown, expected = ''): Record<string, unknown> {
  if (!isJsonObject(value)) throw new RelayError(400, 'invalid_body', `body: must be a JSON object${expected}`, { field: 'body' });
  return value;
}

/** `value` as `schema` has it, else 400 naming the first field at fault. */
export function valid<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/** The request's JSON object body, validated; with `optional`, a request without a body stands for `{}`. */
export async function validBody<S extends z.ZodType>(c: Context, schema: S, options: { optional?: boolean } = {}): Promise<z.output<S>> {
  const noBody = options.optional && !Number(c.req.header('content-length') ?? '0') && !c.req.header('transfer-encoding');
  return valid(schema, noBody ? {} : jsonObject((await readJsonBody(c)).value));
}

/** The request's query string, validated. */
export function validQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return valid(schema, c.req.query());
}
