/** /v1/network: connect an Ultimate Multisite network in one step, see its state, repair it, disconnect it. */
import { Hono, type Context } from 'hono';
import { publicBase } from '../../config/publicBase.ts';
import { connectNetwork, disconnectNetwork, networkState, repairNetwork } from '../../network/networkConnection.ts';
import type { RelayContext } from '../../relayContext.ts';
import { connectNetworkSchema, repairNetworkSchema } from '../networkSchemas.ts';
import { validBody } from '../requestInput.ts';

export function networkRoutes(relay: RelayContext) {
  const connect = async (c: Context) => {
    const { network_url, api_key, api_secret, relay_url } = await validBody(c, connectNetworkSchema);
    return c.json(await connectNetwork(relay, { networkUrl: network_url, apiKey: api_key, apiSecret: api_secret, relayUrl: relay_url ?? publicBase(relay.config, c.req.url) }));
  };
  return new Hono()
    .get('/', async (c) => c.json(await networkState(relay)))
    .put('/', connect)
    .post('/', connect)
    .post('/repair', async (c) => {
      const { relay_url } = await validBody(c, repairNetworkSchema, { optional: true });
      return c.json(await repairNetwork(relay, { relayUrl: relay_url ?? relay.config.publicUrl ?? undefined }));
    })
    .delete('/', async (c) => c.json(await disconnectNetwork(relay, { force: c.req.query('force') === 'true' })));
}
