/**
 * Why a /v1/network action (create, find, update on the network) is refused, as the RelayError the API answers.
 * The plugin's problems become the user's words: the field to fix (400), a record that does not exist (404), no
 * network connected (409), the connection to repair (422), too many calls (429, Retry-After), the network down
 * (502) or too slow (504). Never a 5xx the relay caused.
 */
import { RelayError } from '../relayError.ts';
import type { PluginApiError } from './pluginApiError.ts';

export const networkNotConnected = () =>
  new RelayError(409, 'network_not_connected', 'no network is connected: connect your network in the relay first (web page → Your network, or relay network connect https://network.example --api-key … --api-secret …)');

/** The network's answer as the relay's: the plugin's own message and field when it refused the request. */
export function actionRefusal(error: PluginApiError, what: string): RelayError {
  switch (error.problem) {
    case 'wrong_credentials':
      return new RelayError(422, 'network_wrong_credentials', `the network refused the relay's stored API key and secret (they were revoked or changed): copy new ones from Network Admin → Ultimate Multisite → Settings → API & Webhooks and connect the network in the relay again`);
    case 'api_disabled':
      return new RelayError(422, 'network_api_disabled', error.message);
    case 'not_ultimate_multisite':
      return new RelayError(502, 'network_not_ultimate_multisite', error.message);
    case 'unreachable':
      return error.timedOut
        ? new RelayError(504, 'network_timeout', `${error.message} (RELAY_NETWORK_TIMEOUT); ${what} may or may not have been done: look on the network before trying again`)
        : new RelayError(502, 'network_unreachable', error.message);
    case 'unexpected_answer':
      return new RelayError(502, 'network_unexpected_answer', error.message);
    case 'too_large':
      return new RelayError(502, 'network_too_large', error.message);
    // The stored address is no longer allowed (the private-targets setting changed) or now redirects.
    case 'refused_target':
    case 'redirected':
      return new RelayError(422, `network_${error.problem}`, `${error.message}; then connect the network in the relay again`);
    case 'rejected':
      return rejected(error, what);
  }
}

function rejected(error: PluginApiError, what: string): RelayError {
  // WordPress without the plugin's route: the API was switched off (or the plugin deactivated) since connecting.
  if (error.pluginCode === 'rest_no_route') {
    return new RelayError(422, 'network_api_disabled', `the network has no Ultimate Multisite API any more: turn on "Enable API" in Network Admin → Ultimate Multisite → Settings → API & Webhooks (and check the plugin is network-active)`);
  }
  const words = error.pluginMessage ?? error.pluginCode ?? `HTTP ${error.status}`;
  if (error.status === 404) return new RelayError(404, 'network_not_found', `${what}: the network says: ${words}`);
  // The plugin's own refusals without a status (WP_Error('user', …), 'customer_not_found', 'blogname') reach
  // WordPress's REST server as 500s: they are still the plugin saying no, in words the user can act on.
  if (error.status === 500 && error.pluginCode && error.pluginCode !== 'internal_server_error' && error.pluginMessage) {
    return new RelayError(422, 'network_refused', `${what}: the network refused it: ${words}`);
  }
  if (error.status !== null && error.status >= 500) return new RelayError(502, 'network_error', `${what}: the network failed (${error.status}): ${words}`);
  const field = error.fields[0];
  return new RelayError(400, 'network_rejected', `${field ? `${field}: ` : ''}${what}: the network refused it: ${words}`, { field });
}
