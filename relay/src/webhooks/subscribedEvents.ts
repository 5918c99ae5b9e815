/**
 * Which events a webhook is subscribed to, from what a client sent: `events` (a list, as Svix, Stripe and GitHub
 * take) or the original single `event`, not both. Duplicates are dropped, the order kept; `*` stands alone.
 */
export class SubscribedEventsError extends Error {
  readonly field: 'event' | 'events';
  constructor(field: 'event' | 'events', message: string) {
    super(`${field}: ${message}`);
    this.field = field;
  }
}

export const maxEventsPerWebhook = 100;

export function subscribedEvents(input: { event?: string; events?: readonly string[] }): string[] | undefined {
  if (input.event !== undefined && input.events !== undefined) throw new SubscribedEventsError('events', 'give either event or events, not both');
  if (input.event !== undefined) return [input.event];
  if (input.events === undefined) return undefined;
  const events = [...new Set(input.events)];
  if (events.length === 0) throw new SubscribedEventsError('events', 'must name at least one event');
  if (events.length > maxEventsPerWebhook) throw new SubscribedEventsError('events', `must name at most ${maxEventsPerWebhook} events`);
  if (events.includes('*') && events.length > 1) throw new SubscribedEventsError('events', '* already means every event: give it alone');
  return events;
}

/** What `event` reads in the API and CLI: the one slug, or the first of several (`events` holds them all). */
export const primaryEvent = (events: readonly string[]): string => events[0];
