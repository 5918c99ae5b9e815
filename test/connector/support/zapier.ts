/** The connector under test and helpers to build the bundles Zapier would hand its functions. */
import './testEnv.ts';
import type { ReceivedRequest } from '../../support/receiver.ts';
import type { TestRelay } from '../../support/testRelay.ts';
import { app, appTester } from '../../../connector/src/appTester.ts';

export { app, appTester };

/** The parts of a trigger's operation the tests call; the app's own types are a union of trigger kinds. */
export interface Operation {
  type?: string;
  perform: unknown;
  performList?: unknown;
  performSubscribe?: unknown;
  performUnsubscribe?: unknown;
  inputFields?: Record<string, unknown>[];
  outputFields?: unknown[];
  sample?: Record<string, unknown>;
}

export function operationOf(triggerKey: string): Operation {
  return app.triggers[triggerKey].operation as unknown as Operation;
}

/** Empties Zapier's cache (z.cache) as the app tester keeps it, as if its entries had expired. */
export function forgetZapierCache(): void {
  const cache = (appTester as unknown as { zcacheTestObj: Record<string, unknown> }).zcacheTestObj;
  for (const key of Object.keys(cache)) delete cache[key];
}

/** Runs one of the app's functions as Zapier would (createAppTester: middleware, output checks in test mode). */
export function run<T = unknown>(fn: unknown, bundle: Record<string, unknown>): Promise<T> {
  return appTester(fn as never, bundle as never) as Promise<T>;
}

export type Item = Record<string, unknown> & { id: string; event: string };

/** What a connection to the test relay stores in Zapier. */
export function authDataFor(relay: TestRelay): { relay_url: string; api_key: string } {
  return { relay_url: relay.url, api_key: relay.keys.apiKey };
}

/** Zapier renames request headers "webhook-id" → "Http-Webhook-Id", except Content-Type and Content-Length. */
export function zapierHeaders(headers: ReceivedRequest['headers']): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const camel = name.split('-').map((word) => word[0].toUpperCase() + word.slice(1)).join('-');
    renamed[name === 'content-type' || name === 'content-length' ? camel : `Http-${camel}`] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return renamed;
}

/** The bundle Zapier builds for `perform` from a POST to the Zap's hook URL. */
export function hookBundle(request: ReceivedRequest, extra: Record<string, unknown>) {
  return {
    ...extra,
    cleanedRequest: JSON.parse(request.body) as unknown,
    rawRequest: { method: 'POST' as const, querystring: '', headers: zapierHeaders(request.headers), content: request.body },
  };
}

