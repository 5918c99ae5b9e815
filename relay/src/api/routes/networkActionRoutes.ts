/**
 * /v1/network/{customers,memberships,payments,sites,products,register}: doing things on the connected network
 * (what the Zapier actions and searches call). Thin over NetworkActions: validate, call, answer.
 */
import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { NetworkActions } from '../../network/networkActions.ts';
import type { RelayContext } from '../../relayContext.ts';
import { validationError } from '../apiError.ts';
import {
  findCustomerSchema, findMembershipSchema, findPaymentSchema, findSiteSchema, listProductsSchema, membershipChangeSchema,
  newCustomerSchema, newMembershipSchema, newPaymentSchema, newSiteSchema, positiveWholeNumber, registrationSchema,
} from '../networkActionSchemas.ts';
import { isJsonObject, readJsonBody } from '../readJson.ts';
import { RelayError } from '../../relayError.ts';

async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const raw = (await readJsonBody(c)).value;
  if (!isJsonObject(raw)) throw new RelayError(400, 'invalid_body', 'body: must be a JSON object', { field: 'body' });
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

function pathId(c: Context): number {
  const id = positiveWholeNumber(c.req.param('id'));
  if (id === null) throw new RelayError(400, 'invalid_request', `id: must be a positive whole number in decimal digits (at most ${Number.MAX_SAFE_INTEGER})`, { field: 'id' });
  return id;
}

export function networkActionRoutes(relay: RelayContext) {
  const actions = new NetworkActions(relay);
  return new Hono()
    .get('/customers', async (c) => c.json({ data: await actions.findCustomers(query(c, findCustomerSchema)) }))
    .post('/customers', async (c) => c.json(await actions.createCustomer(await body(c, newCustomerSchema)), 201))
    .get('/customers/newest', async (c) => c.json({ data: await actions.listCustomers() }))
    .get('/customers/:id', async (c) => c.json(await actions.getCustomer(pathId(c))))
    .get('/memberships', async (c) => c.json({ data: await actions.findMemberships(query(c, findMembershipSchema)) }))
    .post('/memberships', async (c) => c.json(await actions.createMembership(await body(c, newMembershipSchema)), 201))
    .patch('/memberships/:id', async (c) => c.json(await actions.updateMembership(pathId(c), await body(c, membershipChangeSchema))))
    .get('/payments', async (c) => c.json({ data: await actions.findPayments(query(c, findPaymentSchema)) }))
    .post('/payments', async (c) => c.json(await actions.createPayment(await body(c, newPaymentSchema)), 201))
    .get('/sites', async (c) => c.json({ data: await actions.findSites(query(c, findSiteSchema)) }))
    .post('/sites', async (c) => c.json(await actions.createSite(await body(c, newSiteSchema)), 201))
    .get('/products', async (c) => c.json({ data: await actions.listProducts(query(c, listProductsSchema)) }))
    .post('/register', async (c) => c.json(await actions.registerAccount(await body(c, registrationSchema)), 201));
}
