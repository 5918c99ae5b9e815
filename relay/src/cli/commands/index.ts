/** The CLI's commands by name. */
import { copyToPostgres } from './copyToPostgres.ts';
import { deliveries } from './deliveries.ts';
import { emit } from './emit.ts';
import { eventTypes } from './eventTypes.ts';
import { keys } from './keys.ts';
import { migrate } from './migrate.ts';
import { network } from './network.ts';
import { start } from './start.ts';
import { webhooks } from './webhooks.ts';

export interface Command {
  summary: string;
  run(args: string[]): Promise<void>;
}

export const commands: Record<string, Command> = { start, network, emit, webhooks, 'event-types': eventTypes, deliveries, keys, migrate, 'copy-sqlite-to-postgres': copyToPostgres };
