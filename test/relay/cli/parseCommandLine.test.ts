/** The CLI's building blocks: strict parsing over the command registry, suggestions, tables, relative times. */
import { describe, expect, it } from 'vitest';
import { commands } from '../../../relay/src/cli/commands/index.ts';
import { closestMatch } from '../../../relay/src/cli/didYouMean.ts';
import { commandHelp } from '../../../relay/src/cli/helpText.ts';
import { relativeTime } from '../../../relay/src/cli/output/relativeTime.ts';
import { renderTable } from '../../../relay/src/cli/output/table.ts';
import { parseCommandLine } from '../../../relay/src/cli/parseCommandLine.ts';

const names = (parsed: ReturnType<typeof parseCommandLine>) => (parsed.kind === 'version' ? [] : parsed.path.map((command) => command.name));

describe('parseCommandLine', () => {
  it('walks command groups, runs a group default, and parses options and arguments', () => {
    const list = parseCommandLine(['webhooks'], commands);
    expect(list.kind).toBe('run');
    expect(names(list)).toEqual(['webhooks', 'list']);
    const withOption = parseCommandLine(['webhooks', '--event', 'payment_received', '--json'], commands);
    expect(withOption).toMatchObject({ kind: 'run', values: { event: 'payment_received', json: true } });
    const show = parseCommandLine(['webhooks', 'show', 'wh_1'], commands);
    expect(show).toMatchObject({ kind: 'run', positionals: ['wh_1'] });
    expect(names(show)).toEqual(['webhooks', 'show']);
    expect(names(parseCommandLine(['network'], commands))).toEqual(['network', 'status']);
  });

  it('asks for help whenever --help or -h appears, whatever else is on the line', () => {
    expect(parseCommandLine(['start', '--help'], commands)).toMatchObject({ kind: 'help' });
    expect(names(parseCommandLine(['webhooks', '--help'], commands))).toEqual(['webhooks']);
    expect(names(parseCommandLine(['webhooks', 'add', '--bogus', '-h'], commands))).toEqual(['webhooks', 'add']);
    expect(names(parseCommandLine(['help', 'webhooks', 'test'], commands))).toEqual(['webhooks', 'test']);
    expect(parseCommandLine([], commands)).toEqual({ kind: 'help', path: [] });
    // After "--" it is an argument, not a request for help.
    expect(parseCommandLine(['webhooks', 'show', '--', '--help'], commands)).toMatchObject({ kind: 'run', positionals: ['--help'] });
  });

  it('refuses what it does not know, with exit code 2 and the closest match', () => {
    const refusal = (argv: string[]) => {
      try {
        parseCommandLine(argv, commands);
      } catch (error) {
        return { message: (error as Error).message, exitCode: (error as { exitCode: number }).exitCode };
      }
      throw new Error(`accepted: ${argv.join(' ')}`);
    };
    expect(refusal(['delivries'])).toMatchObject({ exitCode: 2, message: expect.stringContaining('(did you mean "deliveries"?)') });
    expect(refusal(['network', 'conect'])).toMatchObject({ message: expect.stringContaining('unknown network command "conect" (did you mean "connect"?)') });
    expect(refusal(['webhooks', 'redeliver', 'wh_1', '--snce', '2h']).message).toContain('unknown option --snce (did you mean "--since"?)');
    expect(refusal(['webhooks', 'add', '--name']).message).toBe('webhooks add: --name needs a value');
    expect(refusal(['keys', '--json=yes']).message).toBe('keys: --json takes no value (it is a switch)');
    expect(refusal(['webhooks', 'test']).message).toContain('webhooks test needs <webhook id>');
    expect(refusal(['migrate', 'now']).message).toContain('migrate: unexpected argument "now"');
  });

  it('renders help from the declarations', () => {
    const help = commandHelp([commands.find((command) => command.name === 'webhooks')!, commands.find((command) => command.name === 'webhooks')!.subcommands!.find((sub) => sub.name === 'redeliver')!]);
    expect(help).toMatch(/^Usage: relay webhooks redeliver <webhook id> \[options\]/);
    expect(help).toMatch(/--since <2h\|ISO date>\s+failed since this long ago/);
    expect(help).toMatch(/-h, --help\s+show this help/);
  });
});

describe('CLI output helpers', () => {
  it('suggests only close matches', () => {
    expect(closestMatch('actve', ['active', 'name'])).toBe('active');
    expect(closestMatch('zzz', ['active', 'name'])).toBeNull();
  });

  it('aligns tables under their headers', () => {
    expect(renderTable(['ID', 'NAME', 'URL'], [['wh_1', 'Sheets', 'https://a.example'], ['wh_22', 'x', 'https://b.example/long']])).toBe(
      'ID     NAME    URL\nwh_1   Sheets  https://a.example\nwh_22  x       https://b.example/long\n',
    );
  });

  it('says when in words', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(relativeTime(null, now)).toBe('never');
    expect(relativeTime(now - 400, now)).toBe('just now');
    expect(relativeTime('2026-11-30T11:59:18Z', now)).toBe('42 s ago');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(relativeTime(now + 3 * 3_600_000, now)).toBe('in 3 h');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2 days ago');
  });
});
