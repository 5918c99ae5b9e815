/** The fingerprint a recovered body is recognised by when its original arrives late: sha256 of its UTF-8 bytes. */
import { hash } from 'node:crypto';

export const bodyHash = (body: string): string => hash('sha256', body);
