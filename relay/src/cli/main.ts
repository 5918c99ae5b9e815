#!/usr/bin/env node
/** The relay's command line: `relay <command> [args]`. Each command lives in its own file under commands/. */
import { commands } from './commands/index.ts';
import { CliError } from './cliError.ts';

const [name = 'help', ...args] = process.argv.slice(2);
const command = commands[name];

if (!command || name === 'help' || name === '--help') {
  const width = Math.max(...Object.keys(commands).map((key) => key.length));
  process.stdout.write(
    `Usage: npm run relay -- <command> [options]\n\n${Object.entries(commands)
      .map(([key, entry]) => `  ${key.padEnd(width)}  ${entry.summary}`)
      .join('\n')}\n\nEnvironment: see the README's configuration table (PORT, RELAY_DATA_DIR, DATABASE_URL, RELAY_URL, RELAY_API_KEY, …).\n`,
  );
  process.exit(command || name === 'help' || name === '--help' ? 0 : 2);
}

try {
  await command.run(args);
} catch (error) {
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  throw error;
}
