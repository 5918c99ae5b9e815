/** Runs one command line: parse strictly, print help or the version, or run the command; failures as one line. */
import packageJson from '../../../package.json' with { type: 'json' };
import { commands } from './commands/index.ts';
import { explainFailure } from './explainFailure.ts';
import { commandHelp, programHelp } from './helpText.ts';
import { createOutput } from './output/output.ts';
import { parseCommandLine } from './parseCommandLine.ts';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Resolves to the exit code: 0 done, 1 failed, 2 wrong command line. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const out = createOutput(io.stdout, io.stderr);
  try {
    const parsed = parseCommandLine(argv, commands);
    if (parsed.kind === 'version') {
      out.line(packageJson.version);
      return 0;
    }
    if (parsed.kind === 'help') {
      io.stdout(parsed.path.length ? commandHelp(parsed.path) : programHelp(commands, packageJson.version));
      return 0;
    }
    const command = parsed.path[parsed.path.length - 1];
    return (await command.run!({ values: parsed.values, positionals: parsed.positionals, out, env: io.env })) ?? 0;
  } catch (error) {
    const explained = explainFailure(error, io.env);
    io.stderr(`error: ${explained.message}\n`);
    if (io.env.RELAY_LOG_LEVEL === 'debug' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    else if (!explained.expected) io.stderr('(RELAY_LOG_LEVEL=debug shows where it happened)\n');
    return explained.exitCode;
  }
}
