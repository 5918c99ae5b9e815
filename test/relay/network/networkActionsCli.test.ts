/**
 * The network actions from a terminal (`relay network customers | memberships | payments | products | register`):
 * thin faces over /v1/network/…, through a real relay, against the plugin's REST API double.
 */
import { describe, expect, it } from 'vitest';
import { relayConnectedToPluginDouble } from '../../support/pluginApiDouble.ts';
import { liveRealEvents } from '../../support/pluginFixtures.ts';
import { runRelayCli } from '../../support/relayCli.ts';

const suite = relayConnectedToPluginDouble();
const env = () => ({ RELAY_URL: suite.relay.url, RELAY_API_KEY: suite.relay.keys.apiKey, RELAY_INGEST_TOKEN: suite.relay.keys.ingestToken, RELAY_DATA_DIR: suite.relay.dataDir });

async function network(...args: string[]): Promise<string> {
  const run = await runRelayCli(['network', ...args], env());
  if (run.code !== 0) throw new Error(`relay network ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return run.stdout;
}
const json = async <T,>(...args: string[]) => JSON.parse(await network(...args)) as T;

describe('relay network customers, memberships, payments, products, register', () => {
  it('adds a customer, a membership and a payment, finds them back, and lists the plans', async () => {
    const plans = await network('products', '--type', 'plan');
    expect(plans.split('\n')[0]).toMatch(/^ID\s+NAME\s+SLUG\s+TYPE\s+AMOUNT/);
    expect(plans).toMatch(/^1\s+Starter Plan\s+starter\s+plan\s+19/m);

    const customer = await json<{ id: number; email: string }>('customers', 'add', '--email', 'ada@example.com', '--username', 'adalovelace', '--password', 'correct-horse-9', '--vip', 'true');
    expect(customer).toMatchObject({ email: 'ada@example.com', vip: true });
    // The plugin's records carry no e-mail: the relay finds it in the events the network sent (as it does live).
    await suite.relay.ingest('payment_received', { ...liveRealEvents.get('payment_received')!.payload, customer_id: String(customer.id), customer_user_email: 'ada@example.com' });
    expect(await network('customers', 'find', '--email', 'ada@example.com')).toMatch(new RegExp(`^${customer.id}\\s+ada@example\\.com\\s+`, 'm'));
    expect(await json('customers', 'show', String(customer.id))).toMatchObject({ id: customer.id, vip: true });

    const membership = await json<{ id: number }>('memberships', 'add', '--customer-id', String(customer.id), '--plan-id', '1', '--status', 'active', '--amount', '19', '--recurring', 'true');
    expect(membership).toMatchObject({ customer_id: customer.id, plan_id: 1, status: 'active', recurring: true });
    expect(await json('memberships', 'update', String(membership.id), '--status', 'cancelled')).toMatchObject({ id: membership.id, status: 'cancelled' });
    expect(await json<unknown[]>('memberships', 'find', '--customer-id', String(customer.id), '--json')).toEqual([expect.objectContaining({ id: membership.id })]);

    const payment = await json<{ id: number }>('payments', 'add', '--customer-id', String(customer.id), '--membership-id', String(membership.id), '--total', '19.00', '--status', 'completed');
    expect(payment).toMatchObject({ customer_id: customer.id, membership_id: membership.id, total: 19, status: 'completed' });
    expect(await network('payments', 'find', '--membership-id', String(membership.id))).toMatch(new RegExp(`^${payment.id}\\s+\\S*\\s*${customer.id}\\s+${membership.id}\\s+completed\\s+19`, 'm'));
  });

  it('registers an account in one command', async () => {
    const registered = await json<{ customer: { id: number }; membership: { plan_id: number }; site: unknown }>(
      'register', '--email', 'grace@example.com', '--username', 'gracehopper', '--password', 'correct-horse-9', '--products', '1', '--site-url', 'gracesite', '--site-title', 'Grace site',
    );
    expect(registered.customer.id).toBeGreaterThan(0);
    expect(registered.membership).toMatchObject({ customer_id: registered.customer.id, plan_id: 1 });
    expect(registered.site).toMatchObject({ title: 'Grace site', path: expect.stringContaining('gracesite'), customer_id: registered.customer.id });
  });

  it("refuses what the API refuses, naming the field; a flag that is not true/false before calling", async () => {
    const badId = await runRelayCli(['network', 'memberships', 'add', '--customer-id', 'abc', '--plan-id', '1'], env());
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/error: POST \/v1\/network\/memberships → 400: customer_id: must be a positive whole number/);
    const badFlag = await runRelayCli(['network', 'customers', 'add', '--email', 'x@example.com', '--username', 'xxxx', '--vip', 'yes'], env());
    expect(badFlag).toMatchObject({ code: 2, stderr: expect.stringContaining('--vip must be true or false, not "yes"') });
    const noProducts = await runRelayCli(['network', 'register', '--customer-id', '1'], env());
    expect(noProducts).toMatchObject({ code: 2, stderr: expect.stringContaining('give --products') });
  });
});
