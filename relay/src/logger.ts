/** A small structured logger (JSON lines on stderr). Callers never pass keys or secrets to it. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const at = (messageLevel: Exclude<LogLevel, 'silent'>) => (message: string, fields?: LogFields) => {
    if (order[messageLevel] < order[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: messageLevel, message, ...fields }));
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
