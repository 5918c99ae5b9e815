/** The network's problem as the connection service's refusal: what the admin must fix (422) or could not reach (502). */
import { RelayError } from '../relayError.ts';
import type { PluginApiError, PluginApiProblem } from './pluginApiError.ts';

export function connectionRefusal(error: PluginApiError): RelayError {
  const adminMustFix: PluginApiProblem[] = ['wrong_credentials', 'api_disabled', 'not_ultimate_multisite', 'refused_target', 'redirected'];
  const field = error.problem === 'refused_target' || error.problem === 'redirected' ? 'network_url' : undefined;
  return new RelayError(adminMustFix.includes(error.problem) ? 422 : 502, `network_${error.problem}`, error.message, { field });
}
