/**
 * The relay's structured logger: JSON lines (pino) on stderr. Callers use `log.info(message, fields)` and never
 * pass keys or secrets; as a second guard, fields named like secrets are redacted.
 */
import { pino, type DestinationStream } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Field names that must never reach a log line, whatever a caller passes. */
const redactedFields = ['secret', 'apiKey', 'api_key', 'ingestToken', 'ingest_token', 'authorization', 'password', 'previousSecret'];

/** `write` receives each line without its newline (tests collect them); by default lines go to stderr. */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const destination: DestinationStream = write
    ? { write: (line: string) => write(line.endsWith('\n') ? line.slice(0, -1) : line) }
    : pino.destination({ fd: 2, sync: true }); // sync: a crash right after a line still shows it
  const logger = pino(
    {
      level,
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...redactedFields, ...redactedFields.map((field) => `*.${field}`)], censor: '[redacted]' },
    },
    destination,
  );
  const at = (name: Exclude<LogLevel, 'silent'>) => (message: string, fields?: LogFields) => {
    if (fields) logger[name](fields, message);
    else logger[name](message);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
