/** The live project's global set-up: without a live network, one line for the whole run saying how to run it. */
import { howToRunLive, liveNetwork } from './liveNetwork.ts';

export default function announceSkip(): void {
  if (!liveNetwork) console.log(`test/live: ${howToRunLive}`);
}
