/** The fingerprint a recovered body is recognised by when its original arrives late: sha256 of its UTF-8 bytes. */
import { createHash } from 'node:crypto';

export const bodyHash = (body: string): string => createHash('sha256').update(body, 'utf8').digest('hex');
