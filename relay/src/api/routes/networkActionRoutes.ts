/**
 * /v1/network/{customers,memberships,payments,sites,products,register}: doing things on the connected network
 * (what the Zapier actions and searches call). Thin over NetworkActions: validate, call, answer.
 */
import { Hono, type Context } from 'hono';
import { NetworkActions } from '../../network/networkActions.ts';
import type { RelayContext } from '../../relayContext.ts';
import {
  findCustomerSchema, findMembershipSchema, findPaymentSchema, findSiteSchema, knownAboutSchema, listProductsSchema, membershipChangeSchema,
  newCustomerSchema, newMembershipSchema, newPaymentSchema, newSiteSchema, positiveWholeNumber, registrationSchema,
} from '../networkActionSchemas.ts';
import { validBody, validQuery } from '../requestInput.ts';
import { RelayError } from '../../relayError.ts';

function pathId(c: Context): number {
  const id = positiveWholeNumber(c.req.param('id'));
  if (id === null) throw new RelayError(400, 'invalid_request', `id: must be a positive whole number in decimal digits (at most ${Number.MAX_SAFE_INTEGER})`, { field: 'id' });
  return id;
}

export function networkActionRoutes(relay: RelayContext) {
  const actions = new NetworkActions(relay);
  return new Hono()
    // Counted by route pattern and outcome once answered (a refusal too: the error handler has made its response).
    .use(async (c, next) => {
      await next();
      relay.metrics.networkActionAnswered(`${c.req.method} ${c.req.routePath}`, c.res.status);
    })
    .get('/customers', async (c) => c.json({ data: await actions.findCustomers(validQuery(c, findCustomerSchema)) }))
    .post('/customers', async (c) => c.json(await actions.createCustomer(await validBody(c, newCustomerSchema)), 201))
    .get('/customers/newest', async (c) => c.json({ data: await actions.listCustomers() }))
    .get('/customers/:id', async (c) => c.json(await actions.getCustomer(pathId(c))))
    .get('/memberships', async (c) => c.json({ data: await actions.findMemberships(validQuery(c, findMembershipSchema)) }))
    .post('/memberships', async (c) => c.json(await actions.createMembership(await validBody(c, newMembershipSchema)), 201))
    .patch('/memberships/:id', async (c) => c.json(await actions.updateMembership(pathId(c), await validBody(c, membershipChangeSchema))))
    .get('/payments', async (c) => c.json({ data: await actions.findPayments(validQuery(c, findPaymentSchema)) }))
    .post('/payments', async (c) => c.json(await actions.createPayment(await validBody(c, newPaymentSchema)), 201))
    .get('/sites', async (c) => c.json({ data: await actions.findSites(validQuery(c, findSiteSchema)) }))
    .post('/sites', async (c) => c.json(await actions.createSite(await validBody(c, newSiteSchema)), 201))
    .get('/products', async (c) => c.json({ data: await actions.listProducts(validQuery(c, listProductsSchema)) }))
    .get('/known', async (c) => c.json({ data: await actions.knownAbout(validQuery(c, knownAboutSchema)) }))
    .post('/register', async (c) => c.json(await actions.registerAccount(await validBody(c, registrationSchema)), 201));
}
