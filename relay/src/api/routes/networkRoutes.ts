/** /v1/network: connect an Ultimate Multisite network in one step, see its state, repair it, disconnect it. */
import { Hono, type Context } from 'hono';
import { publicBase } from '../../config/publicBase.ts';
import { connectNetwork, disconnectNetwork, networkState, repairNetwork } from '../../network/networkConnection.ts';
import type { RelayContext } from '../../relayContext.ts';
import { validationError } from '../apiError.ts';
import { connectNetworkSchema, repairNetworkSchema } from '../networkSchemas.ts';
import { isJsonObject, readJsonBody } from '../readJson.ts';
import { RelayError } from '../../relayError.ts';

async function jsonObject(c: Context, allowEmpty: boolean): Promise<Record<string, unknown>> {
  if (allowEmpty && !Number(c.req.header('content-length') ?? '0') && !c.req.header('transfer-encoding')) return {};
  const raw = (await readJsonBody(c)).value;
  if (!isJsonObject(raw)) throw new RelayError(400, 'invalid_body', 'body: must be a JSON object', { field: 'body' });
  return raw;
}

export function networkRoutes(relay: RelayContext) {
  const connect = async (c: Context) => {
    const parsed = connectNetworkSchema.safeParse(await jsonObject(c, false));
    if (!parsed.success) throw validationError(parsed.error);
    const { network_url, api_key, api_secret, relay_url } = parsed.data;
    return c.json(await connectNetwork(relay, { networkUrl: network_url, apiKey: api_key, apiSecret: api_secret, relayUrl: relay_url ?? publicBase(relay.config, c.req.url) }));
  };
  return new Hono()
    .get('/', async (c) => c.json(await networkState(relay)))
    .put('/', connect)
    .post('/', connect)
    .post('/repair', async (c) => {
      const parsed = repairNetworkSchema.safeParse(await jsonObject(c, true));
      if (!parsed.success) throw validationError(parsed.error);
      return c.json(await repairNetwork(relay, { relayUrl: parsed.data.relay_url ?? relay.config.publicUrl ?? undefined }));
    })
    .delete('/', async (c) => c.json(await disconnectNetwork(relay, { force: c.req.query('force') === 'true' })));
}
