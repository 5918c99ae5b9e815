/** Search "Find Payment": by reference code. */
import type { Bundle, Search, ZObject } from 'zapier-platform-core';
import { mappingContext } from '../items/mappingContext.js';
import { text } from '../network/actionInput.js';
import { networkRequest } from '../network/networkRequest.js';
import { paymentFields, paymentSample } from '../records/paymentRecord.js';
import { recordItem } from '../records/recordItem.js';

export const findPaymentKey = 'find_payment';

async function perform(z: ZObject, bundle: Bundle) {
  const referenceCode = text(bundle.inputData as Record<string, unknown>, 'reference_code');
  if (!referenceCode) throw new z.errors.Error('Fill in the Reference Code to search by.', 'InvalidInput', 400);
  const { data } = await networkRequest<{ data: Record<string, unknown>[] }>(z, bundle, { path: '/v1/network/payments', params: { reference_code: referenceCode } });
  const context = mappingContext(bundle);
  return data.map((payment) => recordItem(paymentFields, payment, context));
}

export const findPayment: Search = {
  key: findPaymentKey,
  noun: 'Payment',
  display: { label: 'Find Payment', description: 'Finds a payment by its reference code.' },
  operation: {
    perform,
    inputFields: [
      { key: 'reference_code', label: 'Reference Code', type: 'string', required: true, helpText: "The payment's reference code, e.g. JJJ3D441JD (as invoices and the Payment Received trigger show it)." },
    ],
    sample: recordItem(paymentFields, paymentSample, { timeZone: 'UTC' }),
    outputFields: [...paymentFields],
  },
};
