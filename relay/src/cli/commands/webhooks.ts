/** `relay webhooks list|add|show|test|delete`: manage subscriptions from a terminal. */
import { CliError } from '../cliError.ts';
import { parseArgs } from '../options.ts';
import { connectToRelay } from '../relayClient.ts';
import type { Command } from './index.ts';

interface WebhookJson {
  id: string;
  name: string;
  url: string;
  event: string;
  integration: string;
  active: boolean;
  disabled_reason: string | null;
  deliveries_succeeded: number;
}

const print = (value: unknown): void => {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
};

export const webhooks: Command = {
  summary: 'Manage webhooks: webhooks list | add --name N --url U --event E [--custom] | show ID | test ID | delete ID (--custom: an add-on event the relay does not know yet, on purpose)',
  async run(args) {
    const { positional, options } = parseArgs(args);
    const [action = 'list', id] = positional;
    const relay = await connectToRelay();
    const needId = () => {
      if (!id) throw new CliError(`webhooks ${action} needs a webhook id`, 2);
      return encodeURIComponent(id);
    };
    switch (action) {
      case 'list': {
        const query = new URLSearchParams({ limit: '100', ...(typeof options.event === 'string' ? { event: options.event } : {}) });
        const { json } = await relay.request('GET', `/v1/webhooks?${query}`);
        const rows = (json as { data: WebhookJson[] }).data;
        if (rows.length === 0) return void process.stdout.write('No webhooks yet: add one with "webhooks add --name … --url … --event payment_received".\n');
        for (const row of rows) {
          const state = row.active ? 'active' : `disabled${row.disabled_reason ? ` (${row.disabled_reason})` : ''}`;
          process.stdout.write(`${row.id}  ${row.event.padEnd(24)} ${row.url}  [${row.integration}, ${state}, ${row.deliveries_succeeded} delivered]  ${row.name}\n`);
        }
        return;
      }
      case 'add': {
        const body = {
          name: options.name, url: options.url, event: options.event,
          ...(typeof options.integration === 'string' ? { integration: options.integration } : {}),
          // Unknown slugs are refused (typos); --custom says this one is an add-on's event on purpose.
          ...(options.custom === true ? { custom: true } : {}),
        };
        return print((await relay.request('POST', '/v1/webhooks', body)).json);
      }
      case 'show':
        return print((await relay.request('GET', `/v1/webhooks/${needId()}`)).json);
      case 'test':
        return print((await relay.request('POST', `/v1/webhooks/${needId()}/test`, {})).json);
      case 'delete':
        await relay.request('DELETE', `/v1/webhooks/${needId()}`);
        return void process.stdout.write(`deleted ${id}\n`);
      default:
        throw new CliError(`unknown action "${action}": list, add, show, test or delete`, 2);
    }
  },
};
