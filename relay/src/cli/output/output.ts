/** Where a command writes: results to stdout (tables, or JSON with --json), notes about what it did to stderr. */
import { renderTable } from './table.ts';

export interface Output {
  line(text: string): void;
  json(value: unknown): void;
  table(headers: readonly string[], rows: readonly (readonly string[])[]): void;
  /** Context for a person (which relay, what to do next): stderr, so `| jq` and `| head` see only results. */
  note(text: string): void;
}

export function createOutput(stdout: (text: string) => void, stderr: (text: string) => void): Output {
  return {
    line: (text) => stdout(text + '\n'),
    json: (value) => stdout(JSON.stringify(value, null, 2) + '\n'),
    table: (headers, rows) => stdout(renderTable(headers, rows)),
    note: (text) => stderr(text + '\n'),
  };
}
