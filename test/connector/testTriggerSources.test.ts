/** "Test trigger" (performList): newest real events, else the newest test event the network sent, else the realistic sample. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEventType } from '../../shared/events/catalog.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { authDataFor, operationOf, run, type Item } from './support/zapier.ts';

const trigger = operationOf('site_published');
let relay: TestRelay;
let authData: { relay_url: string; api_key: string };

beforeAll(async () => {
  relay = await startTestRelay();
  authData = authDataFor(relay);
});
afterAll(() => relay.stop());

const list = () => run<Item[]>(trigger.performList, { authData, meta: { isLoadingSample: true } });

describe('Test trigger sources', () => {
  it('with nothing received: the realistic sample', async () => {
    expect(await list()).toEqual([trigger.sample]);
    expect(trigger.sample).toMatchObject({ id: 'sample_site_published', site_title: 'Cooper Design Studio', customer_first_name: 'Jane' });
  });

  it('once the network sent its test event ("Send Test Event"): that event, mapped like any other', async () => {
    const sent = await (await relay.ingest('site_published', findEventType('site_published')!.sample)).json();
    expect(sent.test).toBe(true);
    const [item] = await list();
    expect(item).toMatchObject({ id: sent.id, event: 'site_published', site_title: 'Example Site', customer_id: 0, customer_name: 'John McMocked', customer_first_name: 'John', customer_last_name: 'McMocked' });
    expect(Object.keys(item)).toEqual(Object.keys(trigger.sample!));
  });

  it('once a real one arrived: the real ones only', async () => {
    const real = await (await relay.ingest('site_published', { ...findEventType('site_published')!.sample, site_id: 12, site_title: 'Bakery Bliss', customer_id: 4, customer_name: 'Ana Lima' })).json();
    expect(real.test).toBe(false);
    expect((await list()).map((item) => item.id)).toEqual([real.id]);
  });
});
