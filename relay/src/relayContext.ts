/** What the routes and services of one relay process share. Built once by startRelay, or by a test. */
import type { RelayConfig } from './config/config.ts';
import type { WebhookSender } from './delivery/httpClient.ts';
import type { RetryPolicy } from './delivery/retryPolicy.ts';
import type { AuthThrottle } from './access/authThrottle.ts';
import type { GapRepairService } from './gapRepair/gapRepairService.ts';
import type { LateOriginals } from './gapRepair/lateOriginals.ts';
import type { RelayHealth } from './health/relayHealth.ts';
import type { Logger } from './logger.ts';
import type { RelayMetrics } from './metrics/relayMetrics.ts';
import type { RateLimitedLog } from './rateLimitedLog.ts';
import type { RelayKeys } from './relayKeys.ts';
import type { Store } from './store/store.ts';


export interface RelayContext {
  config: RelayConfig;
  store: Store;
  keys: RelayKeys;
  client: WebhookSender;
  policy: RetryPolicy;
  log: Logger;
  /** Per-event and per-attempt lines, bounded under load. */
  activity: RateLimitedLog;
  metrics: RelayMetrics;
  /** Tells this process's worker that new deliveries are due (absent in an api-only process). */
  notifyWorker: () => void;
  /** A webhook was subscribed or switched on: this process's worker gets ready to send (sender.prepare). */
  prepareToSend: () => void;
  now: () => number;
  version: string;
  health: RelayHealth;
  /** Wrong keys, tokens and sign-ins per client: shared by the API and the web page. */
  authThrottle: AuthThrottle;
  /** Recovers what the plugin sent and the relay never received, from the plugin's send log. */
  gapRepair: GapRepairService;
  /** Originals arriving after their recovery: answered as duplicates. */
  lateOriginals: LateOriginals;
}
