/**
 * The OpenAPI document is written beside the routes, so it is pinned to them: every route the API app registers
 * (read from Hono's own table) is in the document with its method, and the document has nothing the app does not
 * serve. A route added and forgotten in openApiDocument.ts, or removed from the app only, fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from '../../../relay/src/api/apiRoutes.ts';
import { openApiDocument } from '../../../relay/src/api/openApiDocument.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

/** Served, but not operations of the JSON API: the document itself, its reference page, Prometheus' text (docs/monitoring.md), and POST /v1/network, which its PUT's summary names. */
const notInDocument = ['GET /openapi.json', 'GET /docs', 'GET /metrics', 'POST /v1/network'];

/** "GET /v1/webhooks/{}": a method and a path whose parameters, however named, are `{}`. */
const operation = (method: string, path: string) => `${method.toUpperCase()} ${path.replace(/:\w+|\{\w+\}/g, '{}')}`;

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.stop();
});

describe('the OpenAPI document', () => {
  it('lists exactly the operations the API serves', () => {
    const served = new Set(
      apiRoutes(relay.context).routes.filter((route) => route.method !== 'ALL' && !route.path.includes('*')).map((route) => operation(route.method, route.path)),
    );
    const documented = new Set(
      Object.entries(openApiDocument('test').paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => operation(method, path))),
    );
    expect(served.size).toBeGreaterThan(30); // the app's table was really read
    expect([...served].filter((entry) => !documented.has(entry) && !notInDocument.includes(entry))).toEqual([]);
    expect([...documented].filter((entry) => !served.has(entry))).toEqual([]);
    expect(notInDocument.filter((entry) => !served.has(entry))).toEqual([]); // no stale exception
  });
});
