/**
 * Turns argv into the command to run and its options, strictly (node:util parseArgs): an unknown command,
 * subcommand or option is refused with the closest known one, a missing or extra argument is refused, and
 * `--help` anywhere asks for help instead of running anything.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { CommandDefinition, OptionValues } from './commandDefinition.ts';
import { usageError } from './cliError.ts';
import { didYouMean } from './didYouMean.ts';

export type ParsedCommandLine =
  | { kind: 'version' }
  | { kind: 'help'; path: CommandDefinition[] }
  | { kind: 'run'; path: CommandDefinition[]; values: OptionValues; positionals: string[] };

const isHelpFlag = (arg: string) => arg === '--help' || arg === '-h';
const commandLabel = (path: CommandDefinition[]) => path.map((command) => command.name).join(' ');

export function parseCommandLine(argv: readonly string[], commands: readonly CommandDefinition[]): ParsedCommandLine {
  const [first, ...rest] = argv;
  if (first === undefined || isHelpFlag(first)) return { kind: 'help', path: [] };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'help') return { kind: 'help', path: rest.length ? resolvePath(rest, commands).path : [] };
  if (first.startsWith('-')) throw usageError(`unknown option ${first}${didYouMean(first, ['--help', '--version'])}; options go after the command: relay <command> [options]`);
  const { path, args } = resolvePath(argv, commands);
  const command = path[path.length - 1];
  // Help wins over everything else, so `start --help` never starts and `keys --help` never prints keys.
  const beforeSeparator = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (beforeSeparator.some(isHelpFlag) || !command.run) return { kind: 'help', path };
  return { kind: 'run', path, ...parseOptions(path, args) };
}

/** Walks `webhooks add …` down the command tree; what is left are the command's own arguments. */
function resolvePath(argv: readonly string[], commands: readonly CommandDefinition[]): { path: CommandDefinition[]; args: string[] } {
  const [name, ...args] = argv;
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) throw usageError(`unknown command "${name}"${didYouMean(name, commands.map((candidate) => candidate.name))}; "relay --help" lists the commands`);
  const path = [command];
  let remaining = args;
  while (path[path.length - 1].subcommands) {
    const group = path[path.length - 1];
    const subcommands = group.subcommands!;
    const [next, ...after] = remaining;
    const named = next !== undefined && !next.startsWith('-') ? subcommands.find((candidate) => candidate.name === next) : undefined;
    if (named) {
      path.push(named);
      remaining = after;
      continue;
    }
    if (next !== undefined && !next.startsWith('-')) {
      throw usageError(`unknown ${commandLabel(path)} command "${next}"${didYouMean(next, subcommands.map((candidate) => candidate.name))}; one of: ${subcommands.map((candidate) => candidate.name).join(', ')}`);
    }
    // `webhooks --help` is the group's help; `webhooks` alone (or with the default's options) runs the default.
    const fallback = subcommands.find((candidate) => candidate.name === group.defaultSubcommand);
    if (!fallback || remaining.some(isHelpFlag)) break;
    path.push(fallback);
  }
  return { path, args: remaining };
}

function parseOptions(path: CommandDefinition[], args: string[]): { values: OptionValues; positionals: string[] } {
  const command = path[path.length - 1];
  const label = commandLabel(path);
  const specs = command.options ?? {};
  const options: ParseArgsOptionsConfig = {};
  for (const [name, spec] of Object.entries(specs)) options[name] = { type: spec.type, ...(spec.short ? { short: spec.short } : {}) };
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, strict: true, allowPositionals: true }) as { values: OptionValues; positionals: string[] };
  } catch (error) {
    throw usageError(explainParseError(error as NodeJS.ErrnoException, label, Object.keys(specs)));
  }
  const declared = command.positionals ?? [];
  const missing = declared.find((positional, index) => positional.required && parsed.positionals[index] === undefined);
  if (missing) throw usageError(`${label} needs <${missing.name}> (${missing.description}); see "relay ${label} --help"`);
  if (parsed.positionals.length > declared.length) {
    const extra = parsed.positionals[declared.length];
    throw usageError(`${label}: unexpected argument "${extra}"${declared.length ? '' : ' (this command takes options only)'}; see "relay ${label} --help"`);
  }
  return parsed;
}

function explainParseError(error: NodeJS.ErrnoException, label: string, known: string[]): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const bare = option.replace(/^-+/, '');
      const suggestion = didYouMean(bare, known).replace(/"([^"]+)"/, '"--$1"');
      return `${label}: unknown option ${option}${suggestion}; see "relay ${label} --help"`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message) ? `${label}: ${option} needs a value` : `${label}: ${option} takes no value (it is a switch)`;
    default:
      return `${label}: ${error.message}`;
  }
}
