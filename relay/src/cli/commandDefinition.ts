/**
 * What a CLI command declares. Each command file exports one definition; commands/index.ts lists them, so a new
 * command (say `network` for connecting a network) is one file and one line there. Parsing, --help and
 * "did you mean" come from these declarations, never from the command's own code.
 */
import type { Output } from './output/output.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Shown in help as `--name <valueName>`. */
  valueName?: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandInput {
  values: OptionValues;
  positionals: string[];
  out: Output;
  env: NodeJS.ProcessEnv;
}

export interface CommandDefinition {
  name: string;
  summary: string;
  options?: Record<string, OptionSpec>;
  positionals?: PositionalSpec[];
  examples?: string[];
  /** A command group (`webhooks`): its subcommands, and the one run when none is named. */
  subcommands?: CommandDefinition[];
  defaultSubcommand?: string;
  /** Resolves to the exit code (0 when nothing is returned). */
  run?(input: CommandInput): Promise<number | void>;
}

/** The value of a string option, or undefined. */
export const stringOption = (values: OptionValues, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

/** The `--json` option that every listing command takes. */
export const jsonOption: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print JSON (for scripts) instead of a table' },
};
