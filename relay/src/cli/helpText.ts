/** `--help` for the program, a command group or a command, rendered from the command definitions. */
import type { CommandDefinition } from './commandDefinition.ts';
import { renderTable } from './output/table.ts';

const indent = (text: string) => text.split('\n').filter(Boolean).map((line) => `  ${line}`).join('\n');

export function programHelp(commands: readonly CommandDefinition[], version: string): string {
  return `relay ${version}: the Ultimate Multisite relay's command line

Usage: relay <command> [options]      (from the repository: npm run relay -- <command> [options])

Commands:
${indent(renderTable(['command', 'what it does'], commands.map((command) => [command.name, command.summary])).split('\n').slice(1).join('\n'))}

Options:
  -h, --help       help of the program, or of a command: relay webhooks add --help
  -V, --version    print the version

Which relay: RELAY_URL if set, else the relay running on RELAY_DATA_DIR (./data), found through its relay.lock;
the API key comes from RELAY_API_KEY, else from that data dir's store. Every variable: see the README.

Exit codes: 0 done, 1 failed (the relay refused, could not be reached, a test delivery failed), 2 wrong command line.
`;
}

export function commandHelp(path: readonly CommandDefinition[]): string {
  const command = path[path.length - 1];
  const label = path.map((entry) => entry.name).join(' ');
  const positionals = (command.positionals ?? []).map((positional) => (positional.required ? `<${positional.name}>` : `[${positional.name}]`));
  const hasOptions = Object.keys(command.options ?? {}).length > 0;
  const usage = command.subcommands ? `relay ${label} <command> [options]` : ['relay', label, ...positionals, hasOptions ? '[options]' : ''].filter(Boolean).join(' ');
  const sections = [`Usage: ${usage}`, command.summary];
  if (command.subcommands) {
    const rows = command.subcommands.map((sub) => [sub.name + (sub.name === command.defaultSubcommand ? ' (default)' : ''), sub.summary]);
    sections.push(`Commands:\n${indent(renderTable(['', ''], rows).split('\n').slice(1).join('\n'))}\n\nHelp of one: relay ${label} <command> --help`);
  }
  if (command.positionals?.length) {
    sections.push(`Arguments:\n${indent(renderTable(['', ''], command.positionals.map((positional) => [`<${positional.name}>`, positional.description])).split('\n').slice(1).join('\n'))}`);
  }
  const optionRows = Object.entries(command.options ?? {}).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`,
    spec.description,
  ]);
  optionRows.push(['-h, --help', 'show this help']);
  sections.push(`Options:\n${indent(renderTable(['', ''], optionRows).split('\n').slice(1).join('\n'))}`);
  if (command.examples?.length) sections.push(`Examples:\n${command.examples.map((example) => `  ${example}`).join('\n')}`);
  return sections.join('\n\n') + '\n';
}
