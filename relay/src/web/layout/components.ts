/** Small view pieces several pages share: times, badges, JSON blocks, copy buttons, one-button forms. */
import { html } from 'hono/html';
import { findEventType, customEventName } from '../../../../shared/events/catalog.ts';
import type { DeliveryStatus } from '../../store/types.ts';
import { relativeTime, utcText } from './relativeTime.ts';
import { prettyJson } from './prettyJson.ts';

export type Html = ReturnType<typeof html>;

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A relative time ("3 min ago") with the exact UTC time on hover; the page's script adds the reader's local time. */
export function timeTag(ms: number | null, empty = 'never', now = Date.now()): Html {
  if (ms === null) return html`<span class="muted">${empty}</span>`;
  return html`<time datetime="${new Date(ms).toISOString()}" title="${utcText(ms)}">${relativeTime(ms, now)}</time>`;
}

export function eventName(slug: string): string {
  if (slug === '*') return 'Every event';
  return findEventType(slug)?.name ?? customEventName(slug);
}

export function eventLabel(slug: string): Html {
  return html`${eventName(slug)} <code class="slug">${slug}</code>`;
}

/** A webhook's events: each with its name and slug. */
export function eventsLabel(events: readonly string[]): Html {
  return html`${events.map((slug, index) => html`${index ? ', ' : ''}${eventLabel(slug)}`)}`;
}

const deliveryTone: Record<DeliveryStatus, string> = { succeeded: 'ok', failed: 'bad', pending: 'wait', cancelled: 'muted' };

export function deliveryBadge(status: DeliveryStatus): Html {
  return html`<span class="badge ${deliveryTone[status]}">${status}</span>`;
}

export function badge(text: string, tone: 'ok' | 'bad' | 'wait' | 'muted' | 'info'): Html {
  return html`<span class="badge ${tone}">${text}</span>`;
}

/** A payload as people read it: indented JSON (its numbers exact) when it parses, the raw text otherwise. Always escaped. */
export function jsonBlock(text: string, label?: string): Html {
  let shown = text;
  try {
    JSON.parse(text);
    shown = prettyJson(text);
  } catch {
    // Not JSON: show exactly what arrived.
  }
  return html`<pre class="code"${label ? html` aria-label="${label}"` : ''}>${shown === '' ? '(empty)' : shown}</pre>`;
}

export function copyButton(value: string, label = 'Copy'): Html {
  return html`<button type="button" class="small" data-copy="${value}">${label}</button>`;
}

/** A value with its copy button, wrapping long URLs instead of breaking the layout. */
export function copyable(value: string, label = 'Copy'): Html {
  return html`<div class="copyable"><code>${value}</code>${copyButton(value, label)}</div>`;
}

/**
 * A form that is just one button (actions change state, so they are POSTs with the CSRF token). `busy`: the
 * label while a slow action runs (the page's script disables the button then, so it is not sent twice).
 */
export function postButton(options: { action: string; label: string; csrfToken: string; tone?: 'danger' | 'primary' | 'plain' | 'secondary'; confirm?: string; fields?: Record<string, string>; busy?: string }): Html {
  return html`<form method="post" action="${options.action}" class="inline"${options.confirm ? html` data-confirm="${options.confirm}"` : ''}>${csrfInput(options.csrfToken)}${Object.entries(options.fields ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  )}<button class="${options.tone ?? 'plain'}"${options.busy ? html` data-busy="${options.busy}"` : ''}>${options.label}</button></form>`;
}
