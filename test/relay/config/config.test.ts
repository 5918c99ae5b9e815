/** Configuration is validated at start: every offending variable at once, with the expected form. */
import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../../../relay/src/config/config.ts';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('loadConfig', () => {
  it('accepts an empty environment with the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8787, senderThread: true, allowPrivateTargets: false, publicUrl: null, apiKey: null, secretRotationOverlapMs: 86_400_000 });
  });

  it('lists every bad variable at once, each with its value and the expected form', () => {
    const problems = problemsOf({
      PORT: '99999',
      RELAY_ALLOWED_TARGET_RANGES: '10.1.0.0/16, 10.0.0.0/99',
      RELAY_PUBLIC_URL: 'relay.example.com',
      RELAY_RETRY_SCHEDULE: '0,5s,soon',
      RELAY_RETRY_JITTER: '2',
      RELAY_REQUEST_TIMEOUT: 'fast',
      RELAY_ROLE: 'both',
      RELAY_LOG_LEVEL: 'loud',
      RELAY_ALLOW_PRIVATE_TARGETS: 'sure',
      RELAY_DELIVERY_CONCURRENCY: '0',
      DATABASE_URL: 'mysql://root:pw@db/relay',
    });
    expect(problems).toEqual([
      'RELAY_ROLE=both: expected one of api, worker, all',
      'RELAY_LOG_LEVEL=loud: expected one of debug, info, warn, error, silent',
      'RELAY_RETRY_SCHEDULE=0,5s,soon: expected comma-separated durations, one per attempt, e.g. 0,5s,5m,30m,2h,5h,10h,10h',
      'RELAY_RETRY_JITTER=2: expected a number from 0 to below 1 (0.2 = ±20 %)',
      'RELAY_REQUEST_TIMEOUT=fast: expected a duration such as 500ms, 5s, 5m, 2h or 1d',
      'PORT=99999: expected an integer from 0 to 65535',
      'DATABASE_URL (mysql:…): expected postgres://user:password@host:5432/database (or unset for the embedded SQLite store)',
      'RELAY_PUBLIC_URL=relay.example.com: expected an absolute http(s) URL, e.g. https://relay.example.com',
      'RELAY_ALLOW_PRIVATE_TARGETS=sure: expected 1 or 0 (also true/false, yes/no, on/off)',
      'RELAY_ALLOWED_TARGET_RANGES=10.1.0.0/16, 10.0.0.0/99: expected comma-separated CIDR ranges such as 10.1.0.0/16 or fd00::/8 (not valid: 10.0.0.0/99)',
      'RELAY_DELIVERY_CONCURRENCY=0: expected an integer ≥ 1',
    ]);
  });

  it('refuses short keys without echoing them', () => {
    const problems = problemsOf({ RELAY_API_KEY: 'short', RELAY_INGEST_TOKEN: 'has a space in it, long' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^RELAY_API_KEY \(5 characters\): expected at least 16 characters without spaces/);
    expect(problems.join('\n')).not.toContain('short');
    expect(problems.join('\n')).not.toContain('space in it');
    expect(loadConfig({ RELAY_API_KEY: 'rk_long_enough_key_1' }).apiKey).toBe('rk_long_enough_key_1');
  });

  it('reads RELAY_SENDER_THREAD as a flag, and the public URL without its trailing slash', () => {
    expect(loadConfig({ RELAY_SENDER_THREAD: '0' }).senderThread).toBe(false);
    expect(loadConfig({ RELAY_SENDER_THREAD: 'off' }).senderThread).toBe(false);
    expect(loadConfig({ RELAY_SENDER_THREAD: 'true' }).senderThread).toBe(true);
    expect(problemsOf({ RELAY_SENDER_THREAD: 'no thanks' })).toEqual(['RELAY_SENDER_THREAD=no thanks: expected 1 or 0 (also true/false, yes/no, on/off)']);
    expect(loadConfig({ RELAY_PUBLIC_URL: 'https://relay.example.com/' }).publicUrl).toBe('https://relay.example.com');
    expect(loadConfig({ RELAY_ALLOWED_TARGET_RANGES: '10.1.0.0/16, fd00::/8' }).allowedTargetRanges).toEqual(['10.1.0.0/16', 'fd00::/8']);
  });

  it('warns when private targets are allowed', () => {
    expect(configWarnings(loadConfig({}))).toEqual([]);
    expect(configWarnings(loadConfig({ RELAY_ALLOW_PRIVATE_TARGETS: '1' }))).toEqual([expect.stringMatching(/^RELAY_ALLOW_PRIVATE_TARGETS is on: .*SSRF guard off/)]);
  });
});
