/** A site of the network as the relay answers it (/v1/network/sites, Register Account), and as a Zapier item. */
import { recordField, type RecordFields } from './recordItem.js';

export const siteFields: RecordFields = [
  recordField('id', 'Site ID', 'integer'),
  recordField('title', 'Title', 'string'),
  recordField('domain', 'Domain', 'string'),
  recordField('path', 'Path', 'string'),
  recordField('customer_id', 'Customer ID', 'integer'),
  recordField('membership_id', 'Membership ID', 'integer'),
  recordField('type', 'Type', 'string'),
  recordField('date_registered', 'Date Registered', 'datetime'),
];

export const siteSample = {
  id: 12, title: 'Cooper Design Studio', domain: 'cooperdesign.network.example', path: '/', customer_id: 211, membership_id: 318, type: 'customer_owned', date_registered: '2026-03-14 09:27:10',
};
