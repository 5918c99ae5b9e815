/** "payment_recieved" → "payment_received": the known slug a typo most likely meant, if one is close enough. */
import { closestWord } from '../closestWord.ts';

export const closestSlug = (typed: string, known: Iterable<string>): string | null => closestWord(typed, known, { minimumEdits: 2 });
