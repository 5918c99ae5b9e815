/**
 * Ultimate Multisite's reference codes ("JJJ3D441JD" for payment 5): not stored, computed from the record's id by
 * the plugin's Hash helper (2.4.13: the id XOR a seed, written in base 36 over an alphabet shuffled per model,
 * left-padded to 10). Its REST answers leave them out, so the relay computes them for the records it answers, and
 * reads a code back to the id it stands for to find a payment or membership by its code.
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';

export type ReferenceCodeModel = 'payment' | 'membership';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890';
const length = 10;

function shuffledAlphabet(model: string): string {
  const chars = [...alphabet];
  const key = crypto.hash('md5', model);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = key.charCodeAt(i % key.length) % (i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

const seed = (model: string): bigint => BigInt(zlib.crc32(`${model}:wu-hash-seed`));

export function referenceCode(model: ReferenceCodeModel, id: number): string {
  const letters = shuffledAlphabet(model);
  let value = BigInt(id) ^ seed(model);
  let code = '';
  do {
    code = letters[Number(value % 36n)] + code;
    value /= 36n;
  } while (value > 0n);
  return code.padStart(length, letters[0]);
}

/** The id a code stands for, or null when it is not one of this model's codes. */
export function idFromReferenceCode(model: ReferenceCodeModel, code: string): number | null {
  const text = code.trim().toUpperCase();
  if (!/^[A-Z0-9]{1,16}$/.test(text)) return null;
  const letters = shuffledAlphabet(model);
  let value = 0n;
  for (const char of text) value = value * 36n + BigInt(letters.indexOf(char));
  const id = value ^ seed(model);
  // Record ids are below 2^32 (the seed's width), so another model's code decodes to one far above.
  if (id <= 0n || id >= 2n ** 32n) return null;
  // A code is its id's only spelling (padded to 10): anything else is not a code.
  return referenceCode(model, Number(id)) === text ? Number(id) : null;
}
