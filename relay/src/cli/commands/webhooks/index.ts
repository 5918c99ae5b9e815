/** `relay webhooks …`: manage subscriptions from a terminal. */
import type { CommandDefinition } from '../../commandDefinition.ts';
import { enableWebhook, disableWebhook } from './activation.ts';
import { addWebhook } from './add.ts';
import { deleteWebhook } from './delete.ts';
import { editWebhook } from './edit.ts';
import { listWebhooks } from './list.ts';
import { redeliverWebhook } from './redeliver.ts';
import { rotateSecret } from './rotateSecret.ts';
import { showWebhook } from './show.ts';
import { testWebhook } from './test.ts';

export const webhooks: CommandDefinition = {
  name: 'webhooks',
  summary: 'Manage webhooks: list, add, show, edit, enable, disable, rotate-secret, redeliver, test, delete',
  subcommands: [listWebhooks, addWebhook, showWebhook, editWebhook, enableWebhook, disableWebhook, rotateSecret, redeliverWebhook, testWebhook, deleteWebhook],
  defaultSubcommand: 'list',
};
