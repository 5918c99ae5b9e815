/**
 * The CLI's commands, in the order `relay --help` lists them. Each file exports one definition; a new command
 * is one import and one entry here.
 */
import type { CommandDefinition } from '../commandDefinition.ts';
import { backup } from './backup.ts';
import { copyToPostgres } from './copyToPostgres.ts';
import { deliveries } from './deliveries.ts';
import { emit } from './emit.ts';
import { eventTypes } from './eventTypes.ts';
import { keys } from './keys.ts';
import { migrate } from './migrate.ts';
import { network } from './network/index.ts';
import { start } from './start.ts';
import { webhooks } from './webhooks/index.ts';

export const commands: readonly CommandDefinition[] = [start, network, webhooks, eventTypes, emit, deliveries, keys, backup, migrate, copyToPostgres];
