/** Reference codes as the plugin computes them: the codes a live 2.4.13-beta.1 network sent, and back to their ids. */
import { describe, expect, it } from 'vitest';
import { idFromReferenceCode, referenceCode } from '../../../relay/src/network/pluginReferenceCode.ts';
import { liveRealEvents } from '../../support/pluginFixtures.ts';

describe('reference codes', () => {
  it("are the plugin's: the codes a live network sent with payment 5 and membership 3, and its samples' (id 0)", () => {
    const payment = liveRealEvents.get('payment_received')!.payload as Record<string, unknown>;
    expect(referenceCode('payment', Number(payment.payment_id))).toBe(payment.payment_reference_code);
    expect(referenceCode('membership', Number(payment.membership_id))).toBe(payment.membership_reference_code);
    expect([referenceCode('payment', 0), referenceCode('membership', 0)]).toEqual(['JJJ3D44133', 'HHHHKND2WU']);
  });

  it('read back to their ids in any case; anything else (another model\'s code, a stranger, id 0) is no id', () => {
    for (const id of [1, 5, 17, 12_345, 4_000_000_000]) {
      expect(idFromReferenceCode('payment', referenceCode('payment', id).toLowerCase())).toBe(id);
      expect(idFromReferenceCode('membership', referenceCode('membership', id))).toBe(id);
    }
    expect(idFromReferenceCode('membership', 'JJJ3D441JD')).toBeNull();
    expect(idFromReferenceCode('payment', 'JJJ3D44133')).toBeNull();
    expect(idFromReferenceCode('payment', 'not a code')).toBeNull();
    expect(idFromReferenceCode('payment', '')).toBeNull();
  });
});
