/** A refusal of the network connection service, with the HTTP status and code the API answers it with. */
import { RelayError } from '../relayError.ts';
import type { PluginApiError, PluginApiProblem } from './pluginApiError.ts';

export class NetworkConnectionError extends RelayError<400 | 404 | 409 | 422 | 502> {
  constructor(status: 400 | 404 | 409 | 422 | 502, code: string, message: string, field?: string) {
    super(status, code, message, { field });
  }

  /** The network's problem as the relay's answer: what the admin must fix (422) or could not reach (502). */
  static fromPluginApi(error: PluginApiError): NetworkConnectionError {
    const adminMustFix: PluginApiProblem[] = ['wrong_credentials', 'api_disabled', 'not_ultimate_multisite', 'refused_target', 'redirected'];
    const field = error.problem === 'refused_target' || error.problem === 'redirected' ? 'network_url' : undefined;
    return new NetworkConnectionError(adminMustFix.includes(error.problem) ? 422 : 502, `network_${error.problem}`, error.message, field);
  }
}
