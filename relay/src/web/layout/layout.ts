/** The page shell: head (CSS and JS from /ui/assets only), navigation, the notice after an action, sign-out. */
import { html } from 'hono/html';
import { csrfInput, type Html } from './components.ts';
import { uiPath } from '../session/session.ts';

export type NavSection = 'network' | 'webhooks' | 'events' | 'event-types' | 'inspector';

export interface PageFrame {
  title: string;
  /** Absent on the sign-in page: no navigation, no sign-out. */
  nav?: { active: NavSection; csrfToken: string };
  notice?: string | null;
}

const sections: { key: NavSection; label: string; href: string }[] = [
  { key: 'network', label: 'Your network', href: `${uiPath}/network` },
  { key: 'webhooks', label: 'Webhooks', href: `${uiPath}/webhooks` },
  { key: 'events', label: 'Events', href: `${uiPath}/events` },
  { key: 'event-types', label: 'Event types', href: `${uiPath}/event-types` },
  { key: 'inspector', label: 'Request inspector', href: `${uiPath}/inspector` },
];

export function layout(frame: PageFrame, body: Html): Html {
  const nav = frame.nav;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${frame.title} · Relay</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${uiPath}/assets/app.css">
<script src="${uiPath}/assets/app.js" defer></script>
</head><body>
<header class="top"><a class="brand" href="${uiPath}/webhooks">Ultimate Multisite relay</a>
${nav
  ? html`<nav>${sections.map((section) => html`<a href="${section.href}"${section.key === nav.active ? html` aria-current="page"` : ''}>${section.label}</a>`)}
<a href="/docs">API</a>
<form method="post" action="${uiPath}/sign-out" class="inline">${csrfInput(nav.csrfToken)}<button class="link">Sign out</button></form></nav>`
  : ''}
</header>
<main>
${frame.notice ? html`<p class="notice" role="status">${frame.notice}</p>` : ''}
${body}
</main></body></html>`;
}
