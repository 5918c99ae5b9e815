/** A payment as the relay answers it (/v1/network/payments), and as a Zapier item. */
import { recordField, type RecordFields } from './recordItem.js';

export const paymentFields: RecordFields = [
  recordField('id', 'Payment ID', 'integer'),
  recordField('reference_code', 'Reference Code', 'string'),
  recordField('customer_id', 'Customer ID', 'integer'),
  recordField('membership_id', 'Membership ID', 'integer'),
  recordField('product_id', 'Product ID', 'integer'),
  recordField('status', 'Status', 'string'),
  recordField('currency', 'Currency', 'string'),
  recordField('subtotal', 'Subtotal', 'number'),
  recordField('tax_total', 'Tax Total', 'number'),
  recordField('discount_total', 'Discount Total', 'number'),
  recordField('total', 'Total', 'number'),
  recordField('gateway', 'Gateway', 'string'),
  recordField('gateway_payment_id', 'Gateway Payment ID', 'string'),
  recordField('invoice_number', 'Invoice Number', 'integer'),
  recordField('date_created', 'Date Created', 'datetime'),
];

export const paymentSample = {
  id: 1042, reference_code: 'JJJ3D441JD', customer_id: 211, membership_id: 318, product_id: 2, status: 'completed', currency: 'USD', subtotal: 49,
  tax_total: 0, discount_total: 0, total: 49, gateway: 'stripe', gateway_payment_id: 'pi_3PqR7sLk3Jd9TrQ20a1b2c3d', invoice_number: 17, date_created: '2026-03-14 09:26:53',
};
