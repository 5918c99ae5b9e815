/** How a connection wants plugin values read: the zone of the network's zone-less dates (UTC unless set). */
import type { Bundle } from 'zapier-platform-core';
import type { MappingContext } from './fieldRules.js';

export function mappingContext(bundle: Bundle): MappingContext {
  const zone = bundle.authData?.time_zone;
  return { timeZone: typeof zone === 'string' && zone.trim() ? zone.trim() : 'UTC' };
}
