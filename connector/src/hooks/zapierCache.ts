/**
 * Zapier's key-value cache (z.cache: zapier-platform-core 19, kept by Zapier between runs, scoped here to the
 * connection), used best-effort: a value carries its own expiry (the app tester's stand-in keeps no TTL), and a
 * cache that fails or is absent (a local run) only means the caller works without it.
 */
import type { ZObject } from 'zapier-platform-core';

interface Entry<T> {
  value: T;
  storedAt: number;
  expiresAt: number;
}

const scope = ['auth'];

export async function cacheGet<T>(z: ZObject, key: string): Promise<{ value: T; ageMs: number } | null> {
  try {
    const entry = (await (z.cache.get as (...args: unknown[]) => Promise<unknown>)(key, scope)) as Entry<T> | null;
    if (!entry || typeof entry !== 'object' || typeof entry.expiresAt !== 'number' || entry.expiresAt <= Date.now()) return null;
    return { value: entry.value, ageMs: Date.now() - entry.storedAt };
  } catch {
    return null;
  }
}

/** Stores the value for ttlSeconds; with onlyIfAbsent, false when the key was already there (Zapier's nx). */
export async function cacheSet<T>(z: ZObject, key: string, value: T, ttlSeconds: number, onlyIfAbsent = false): Promise<boolean> {
  const entry: Entry<T> = { value, storedAt: Date.now(), expiresAt: Date.now() + ttlSeconds * 1000 };
  try {
    return (await (z.cache.set as (...args: unknown[]) => Promise<boolean | null>)(key, entry, ttlSeconds, scope, onlyIfAbsent || null)) !== false;
  } catch {
    return true;
  }
}
