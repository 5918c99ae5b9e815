/**
 * A relay refusing with 429 + Retry-After (its calls to the network rate-limited) reaches Zapier as a
 * ThrottledError carrying the wait, so Zapier retries the step, rather than as an unreachable relay.
 */
import { describe, expect, it } from 'vitest';
import { relayConnectedToPluginDouble } from '../support/pluginApiDouble.ts';
import { app, authDataFor, run } from './support/zapier.ts';

const suite = relayConnectedToPluginDouble({ RELAY_NETWORK_CALLS_PER_MINUTE: '1', RELAY_NETWORK_BURST: '2' });

describe('a throttled relay', () => {
  it('the third search in a row is a ThrottledError with the relay\'s wait and words', async () => {
    const search = () => run(app.searches.find_customer.operation.perform, { authData: authDataFor(suite.relay), inputData: { email: 'jane@example.com' } });
    await search();
    await search();
    const refusal = (await search().then(() => null, (error: unknown) => error)) as Error;
    expect(refusal?.name).toBe('ThrottledError');
    const { message, delay } = JSON.parse(refusal.message) as { message: string; delay: number };
    expect(delay).toBeGreaterThanOrEqual(1);
    expect(message).toMatch(/HTTP 429\): too many calls to the network .*RELAY_NETWORK_CALLS_PER_MINUTE/);
  });
});
