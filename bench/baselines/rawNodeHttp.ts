/**
 * Ingest ceiling, bare node:http: the same token check, strict UTF-8 JSON parsing and validation as the
 * relay's ingest route, with no framework and no store. The floor of what Node itself costs per request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isValidEventSlug } from '../../shared/events/catalog.ts';
import { isPluginSamplePayload } from '../../shared/events/pluginSample.ts';
import { secretsEqual } from '../../relay/src/access/secretsEqual.ts';
import { isJsonObject } from '../../relay/src/api/readJson.ts';
import { newId } from '../../relay/src/store/ids.ts';
import { cpuMicros, serveParent } from '../childProcess.ts';

const ingestToken = process.env.RELAY_INGEST_TOKEN!;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const [, prefix, token, slug] = (req.url ?? '').split('/');
  if (req.method !== 'POST' || prefix !== 'ingest' || !token || !slug) return answer(res, 404, { error: { code: 'not_found' } });
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (!secretsEqual(token, ingestToken)) return answer(res, 401, { error: { code: 'unauthorized' } });
    if (!isValidEventSlug(slug)) return answer(res, 400, { error: { code: 'invalid_event' } });
    let value: unknown;
    try {
      value = JSON.parse(strictUtf8.decode(Buffer.concat(chunks)));
    } catch {
      return answer(res, 400, { error: { code: 'invalid_json' } });
    }
    if (!isJsonObject(value)) return answer(res, 400, { error: { code: 'invalid_body' } });
    answer(res, 202, { ok: true, id: newId('evt'), event: slug, test: isPluginSamplePayload(slug, value), duplicate: false, deliveries: 0 });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => serveParent({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }, { cpuMicros }));
process.on('SIGTERM', () => process.exit(0));
