/** Hidden trigger feeding the Template Site dropdown of Register Account: the network's sites, newest first. */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { networkRequest } from '../network/networkRequest.js';

export const siteListKey = 'site_list';

interface NetworkSite {
  id: number;
  title: string | null;
  domain: string | null;
  path: string | null;
  type: string | null;
}

async function perform(z: ZObject, bundle: Bundle) {
  const { data } = await networkRequest<{ data: NetworkSite[] }>(z, bundle, { path: '/v1/network/sites' });
  // Templates first: that is what the dropdown is for.
  const ordered = [...data.filter((site) => site.type === 'site_template'), ...data.filter((site) => site.type !== 'site_template')];
  return ordered.map((site) => ({ id: site.id, name: `${site.title ?? `Site ${site.id}`} (${site.domain ?? ''}${site.path ?? ''}${site.type === 'site_template' ? ', template' : ''})` }));
}

export const siteListTrigger: Trigger = {
  key: siteListKey,
  noun: 'Site',
  display: { label: 'Sites', description: "Triggers when the Site dropdown opens: lists the network's sites, templates first.", hidden: true },
  operation: {
    perform,
    sample: { id: 3, name: 'Agency Template (network.example/agency/, template)' },
    outputFields: [
      { key: 'id', label: 'Site ID', type: 'integer' },
      { key: 'name', label: 'Site', type: 'string' },
    ],
  },
};
