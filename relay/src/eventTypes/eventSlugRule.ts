/**
 * Where a person types an event slug (a webhook's `event` in the API, the CLI, the web form), it must be one the
 * relay knows: in the catalog, registered by the connected network, or already received at ingest. Anything
 * else is refused with the closest known slug, unless the person says it is a custom (add-on) event on purpose.
 * Ingest itself accepts any slug: add-ons register their own.
 */
import { eventCatalog } from '../../../shared/events/catalog.ts';
import type { RelayContext } from '../relayContext.ts';
import { closestSlug } from './closestSlug.ts';

export class UnknownEventSlug extends Error {
  readonly slug: string;
  readonly suggestion: string | null;

  constructor(slug: string, suggestion: string | null) {
    super(
      `unknown event "${slug}"${suggestion ? ` (did you mean ${suggestion}?)` : ''}: use a slug from GET /v1/event-types?all=true, ` +
        'connect your network so its add-on events are known, or mark it as a custom event on purpose ("custom": true, CLI --custom)',
    );
    this.slug = slug;
    this.suggestion = suggestion;
  }
}

/** The slugs a person may pick without saying "custom". */
export async function knownEventSlugs(relay: Pick<RelayContext, 'store'>): Promise<Set<string>> {
  const connection = await relay.store.network.get();
  const seen = await relay.store.listSeenEventTypes();
  return new Set([
    ...eventCatalog.map((eventType) => eventType.slug),
    ...(connection?.registeredEvents.map((event) => event.slug) ?? []),
    ...seen.map(({ slug }) => slug),
  ]);
}

/** Throws UnknownEventSlug for the first slug that is not `*`, known, or declared custom (the known ones read once). */
export async function requireKnownEventSlugs(relay: Pick<RelayContext, 'store'>, slugs: readonly string[], declaredCustom: boolean): Promise<void> {
  const typed = slugs.filter((slug) => slug !== '*');
  if (declaredCustom || typed.length === 0) return;
  const known = await knownEventSlugs(relay);
  const unknown = typed.find((slug) => !known.has(slug));
  if (unknown !== undefined) throw new UnknownEventSlug(unknown, closestSlug(unknown, known));
}
