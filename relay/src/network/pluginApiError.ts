/**
 * Why a call to a network's Ultimate Multisite REST API failed, with what to do about it. The message is meant
 * for the network admin as is (API, web page and CLI show it unchanged).
 */
export type PluginApiProblem =
  | 'unreachable' // DNS, connection refused, TLS, timeout (then `timedOut`)
  | 'refused_target' // the SSRF guard refused the network's address (private, loopback, metadata): nothing was sent
  | 'redirected' // a 3xx: never followed
  | 'too_large' // an answer past maxNetworkAnswerBytes, or a paged list past its budget
  | 'not_ultimate_multisite' // no WordPress REST API at that address
  | 'api_disabled' // WordPress answers, but the wu/v2 routes are not there (Enable API is off, or the plugin is not active)
  | 'wrong_credentials' // 401 rest_forbidden
  | 'rejected' // any other error answer (400 rest_missing_callback_param, 404 on a webhook id, 5xx…)
  | 'unexpected_answer'; // 2xx but not the JSON the plugin sends

export class PluginApiError extends Error {
  readonly problem: PluginApiProblem;
  /** The HTTP status the network answered with, if it answered. */
  readonly status: number | null;
  /** The plugin's error code (`rest_forbidden`, `rest_missing_callback_param`, …), if it sent one. */
  readonly pluginCode: string | null;
  /** The plugin's own words (its error `message`), to show a user as is. */
  readonly pluginMessage: string | null;
  /** The request fields the plugin named (`data.params` of rest_missing_callback_param / rest_invalid_param). */
  readonly fields: string[];
  /** Unreachable because no answer came within RELAY_NETWORK_TIMEOUT. */
  readonly timedOut: boolean;

  constructor(
    problem: PluginApiProblem,
    message: string,
    status: number | null = null,
    pluginCode: string | null = null,
    pluginMessage: string | null = null,
    fields: string[] = [],
    timedOut = false,
  ) {
    super(message);
    this.problem = problem;
    this.status = status;
    this.pluginCode = pluginCode;
    this.pluginMessage = pluginMessage;
    this.fields = fields;
    this.timedOut = timedOut;
  }
}
