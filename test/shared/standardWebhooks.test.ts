import { describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { generateSigningSecret, signatureHeader, signPayload, verifySignature } from '../../shared/signing/standardWebhooks.ts';

describe('Standard Webhooks signing', () => {
  it('matches the spec test vector', () => {
    expect(signPayload('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe(
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    );
  });

  it('is verified by the standardwebhooks package, also with two secrets during rotation', () => {
    const oldSecret = generateSigningSecret();
    const newSecret = generateSigningSecret();
    const body = JSON.stringify({ payment_id: 7, customer_name: 'Ana' });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      'webhook-id': 'evt_1',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader([newSecret, oldSecret], 'evt_1', timestamp, body),
    };
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual({ payment_id: 7, customer_name: 'Ana' });
    expect(new Webhook(newSecret).verify(body, headers)).toEqual({ payment_id: 7, customer_name: 'Ana' });
    expect(() => new Webhook(generateSigningSecret()).verify(body, headers)).toThrow();
  });

  it('rejects stale timestamps and tampered bodies', () => {
    const secret = generateSigningSecret();
    const timestamp = 1_700_000_000;
    const header = signatureHeader([secret], 'evt_2', timestamp, '{"a":1}');
    const base = { secret, messageId: 'evt_2', timestamp: String(timestamp), signatureHeader: header };
    expect(verifySignature({ ...base, body: '{"a":1}', nowSeconds: timestamp + 10 })).toBe(true);
    expect(verifySignature({ ...base, body: '{"a":2}', nowSeconds: timestamp + 10 })).toBe(false);
    expect(verifySignature({ ...base, body: '{"a":1}', nowSeconds: timestamp + 301 })).toBe(false);
  });
});
