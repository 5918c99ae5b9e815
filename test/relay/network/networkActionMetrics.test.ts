/**
 * The network actions in /metrics (relay_network_actions_total by route and outcome) and in the log: a call over
 * RELAY_NETWORK_CALLS_PER_MINUTE is a 429 counted as throttled, with a log line naming the route and the wait.
 */
import { describe, expect, it } from 'vitest';
import { relayConnectedToPluginDouble } from '../../support/pluginApiDouble.ts';

const suite = relayConnectedToPluginDouble({ RELAY_NETWORK_BURST: '2', RELAY_NETWORK_CALLS_PER_MINUTE: '1' });

async function actionCounts(): Promise<Record<string, number>> {
  const text = await (await suite.relay.api('/metrics')).text();
  return Object.fromEntries(text.split('\n').filter((line) => line.startsWith('relay_network_actions_total{')).map((line) => {
    const at = line.lastIndexOf(' ');
    return [line.slice('relay_network_actions_total'.length, at), Number(line.slice(at + 1))];
  }));
}

describe('network actions in /metrics and the log', () => {
  it('counts each action by route and outcome; the throttled one is a 429 with a log line', async () => {
    const statuses: number[] = [];
    for (let call = 0; call < 3; call++) statuses.push((await suite.relay.api('/v1/network/products?type=plan')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await suite.relay.api('/v1/network/memberships', { method: 'POST', json: { customer_id: 'x', plan_id: 1 } });
    expect(refused.status).toBe(400);
    expect(await suite.relay.api('/v1/network/repair', { method: 'POST', json: {} }).then((response) => response.status)).toBeLessThan(500);

    expect(await actionCounts()).toEqual({
      '{route="GET /v1/network/products",outcome="ok"}': 2,
      '{route="GET /v1/network/products",outcome="throttled"}': 1,
      '{route="POST /v1/network/memberships",outcome="refused"}': 1,
    }); // the connection's own routes (repair) are not actions
    const throttled = suite.relay.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.message === 'network call throttled');
    expect(throttled).toEqual([expect.objectContaining({ level: 'warn', route: 'GET /product', retry_after_s: expect.any(Number) })]);
  });
});
