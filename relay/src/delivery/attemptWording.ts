/**
 * How an attempt already made reads, in the CLI and on the web page: what happened (delivered, failed, slowed
 * down), and who started it when not the relay's own schedule. Never the trigger's name "scheduled": for an
 * attempt already made it read as "not sent yet".
 */
import type { AttemptTrigger } from '../store/types.ts';

export function attemptResult(statusCode: number | null): 'delivered' | 'slowed down' | 'failed' {
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return 'delivered';
  return statusCode === 429 ? 'slowed down' : 'failed';
}

/** Empty for the relay's own attempts (first try and retries): only the exceptions are named. */
export const attemptOrigin: Record<AttemptTrigger, string> = { scheduled: '', manual: 'sent again by hand', test: 'Send Test Event' };
