/** What the network actions (networkActions.ts) take, as the /v1/network routes validated it, and what Register Account gives. */
import type { NetworkCustomer, NetworkMembership, NetworkPayment, NetworkSite } from './pluginRecords.ts';

export interface NewCustomer {
  email: string;
  username: string;
  /** Without one, the plugin lets WordPress e-mail the user a link to set theirs. */
  password?: string;
  email_verification?: 'none' | 'pending' | 'verified';
  vip?: boolean;
}

export interface NewMembership {
  customer_id: number;
  plan_id: number;
  status?: string;
  amount?: number;
  currency?: string;
  duration?: number;
  duration_unit?: 'day' | 'week' | 'month' | 'year';
  recurring?: boolean;
  auto_renew?: boolean;
  date_expiration?: string;
}

export interface MembershipChange {
  status?: string;
  plan_id?: number;
  date_expiration?: string;
}

export interface NewPayment {
  customer_id: number;
  membership_id: number;
  total: number;
  subtotal?: number;
  status: string;
  currency?: string;
  product_id?: number;
  gateway?: string;
  gateway_payment_id?: string;
}

export interface NewSite {
  customer_id: number;
  membership_id: number;
  title: string;
  path: string;
  domain?: string;
}

export interface Registration {
  customer_id?: number;
  customer?: { email: string; username: string; password: string };
  products: (number | string)[];
  membership_status?: string;
  date_expiration?: string;
  payment_status?: string;
  auto_renew?: boolean;
  duration?: number;
  duration_unit?: 'day' | 'week' | 'month' | 'year';
  discount_code?: string;
  site?: { site_url: string; site_title: string; publish?: boolean; template_id?: number };
}

export interface RegisteredAccount {
  customer: NetworkCustomer;
  membership: NetworkMembership;
  payment: NetworkPayment | null;
  site: NetworkSite | null;
}
