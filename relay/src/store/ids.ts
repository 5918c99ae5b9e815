/** Record ids: a type prefix, then time-ordered, unguessable characters (like Stripe's and Svix's ids). */
import { randomFillSync } from 'node:crypto';

export type IdPrefix = 'evt' | 'wh' | 'dlv' | 'att' | 'bin' | 'req';

// One CSPRNG call per 409 ids instead of one per id: a synchronous randomBytes(10) call cost more than the rest of
// newId together, and fan-out makes two ids (delivery, attempt) per request sent.
const idBytes = 10;
const pool = Buffer.alloc(idBytes * 409);
let offset = pool.length;

export function newId(prefix: IdPrefix): string {
  if (offset + idBytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const random = pool.toString('base64url', offset, offset + idBytes);
  offset += idBytes;
  return `${prefix}_${Date.now().toString(36).padStart(9, '0')}${random}`;
}
