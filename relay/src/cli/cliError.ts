/** An error the CLI reports as one line, without a stack trace. Exit 2 means the command line was wrong. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

export const usageError = (message: string) => new CliError(message, 2);
