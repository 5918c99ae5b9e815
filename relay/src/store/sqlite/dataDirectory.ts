/**
 * Creates the data dir one level at a time. Node's mkdirSync({ recursive: true }) loops forever at 100 % CPU when
 * the kernel answers ENOENT for a folder whose parent exists (as /proc does for /proc/nope): it keeps retrying the
 * parent. Walking up ourselves turns that into an error that names the folder.
 */
import fs from 'node:fs';
import path from 'node:path';

export class DataDirectoryError extends Error {}

export function ensureDirectory(dir: string): void {
  const absolute = path.resolve(dir);
  const missing: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    let stat: fs.Stats | null = null;
    try {
      stat = fs.statSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw refusal(absolute, error);
    }
    if (stat) {
      if (!stat.isDirectory()) throw new DataDirectoryError(`${absolute}: ${current} is a file, not a folder; choose another RELAY_DATA_DIR`);
      break;
    }
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw refusal(absolute, error);
    }
  }
  try {
    fs.accessSync(absolute, fs.constants.W_OK);
  } catch (error) {
    throw refusal(absolute, error);
  }
}

function refusal(dir: string, error: unknown): DataDirectoryError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new DataDirectoryError(`cannot use ${dir} as the data dir (${code}): set RELAY_DATA_DIR to a folder this user can write`);
}
