/** Reads a request body as strict UTF-8 JSON, with errors that say what is wrong with it. */
import type { Context } from 'hono';
import { ApiError } from './apiError.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface JsonBody {
  /** The exact text received. */
  text: string;
  value: unknown;
}

export async function readJsonBody(c: Context): Promise<JsonBody> {
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_body', 'body: is not valid UTF-8', 'body');
  }
  if (text.trim() === '') throw new ApiError(400, 'invalid_body', 'body: is empty; send a JSON object', 'body');
  try {
    return { text, value: JSON.parse(text) };
  } catch (error) {
    throw new ApiError(400, 'invalid_json', `body: is not valid JSON (${(error as Error).message})`, 'body');
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
