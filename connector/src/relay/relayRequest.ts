/** The one way the connector calls the relay's API: base URL and API key from the connection, errors made readable. */
import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';
import { RelayUrlError, relayBaseUrl } from './relayBaseUrl.js';
import { notJsonMessage, relayStatusMessage, unreachableMessage } from './relayErrorMessage.js';

export interface RelayRequest {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** API path starting with /v1/. */
  path: string;
  params?: Record<string, string | number>;
  json?: Record<string, unknown>;
  /** Statuses besides 2xx that the caller handles itself (e.g. 404 on delete). */
  accept?: number[];
}

export interface RelayResponse<T> {
  status: number;
  data: T | undefined;
}

export async function relayRequest<T>(z: ZObject, bundle: Bundle, request: RelayRequest): Promise<RelayResponse<T>> {
  let baseUrl: string;
  try {
    baseUrl = relayBaseUrl(String(bundle.authData.relay_url ?? ''));
  } catch (error) {
    if (error instanceof RelayUrlError) throw new z.errors.Error(error.message, 'InvalidRelayUrl', 400);
    throw error;
  }
  const options: HttpRequestOptions & { url: string } = {
    url: `${baseUrl}${request.path}`,
    method: request.method ?? 'GET',
    params: request.params,
    headers: { authorization: `Bearer ${bundle.authData.api_key ?? ''}`, accept: 'application/json' },
    // Statuses are judged below, so the user sees the relay's words rather than a bare "Got 401"; a 429 too,
    // which zapier-platform-core would otherwise throw from inside z.request (caught below as unreachable).
    skipThrowForStatus: true,
    throwForThrottlingEarly: false,
  } as HttpRequestOptions & { url: string };
  if (request.json) {
    options.body = JSON.stringify(request.json);
    options.headers = { ...options.headers, 'content-type': 'application/json' };
  }

  let response;
  try {
    response = await z.request(options);
  } catch (error) {
    if (error instanceof z.errors.ThrottledError) throw error;
    throw new z.errors.Error(unreachableMessage(baseUrl, error), 'RelayUnreachable', 502);
  }

  const { status, content } = response;
  if (status === 401 || status === 403) throw new z.errors.Error(relayStatusMessage(baseUrl, status, content), 'AuthenticationError', status);
  if (status === 429) throw new z.errors.ThrottledError(relayStatusMessage(baseUrl, status, content), Number(response.getHeader('retry-after')) || 60);
  if (status >= 300 && !request.accept?.includes(status)) throw new z.errors.Error(relayStatusMessage(baseUrl, status, content), 'RelayError', status);
  if (!content) return { status, data: undefined };
  try {
    return { status, data: JSON.parse(content) as T };
  } catch {
    throw new z.errors.Error(notJsonMessage(baseUrl), 'RelayError', status);
  }
}
