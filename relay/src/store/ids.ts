/** Record ids: a type prefix, then time-ordered, unguessable characters (like Stripe's and Svix's ids). */
import { randomBytes } from 'node:crypto';

export type IdPrefix = 'evt' | 'wh' | 'dlv' | 'att' | 'bin' | 'req';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${randomBytes(10).toString('base64url')}`;
}
