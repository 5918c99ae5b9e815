/** " (did you mean "webhooks"?)" after an unknown command or option, when one is close enough to be a typo. */
import { closestWord } from '../closestWord.ts';

export const closestMatch = (word: string, candidates: readonly string[]): string | null => closestWord(word, candidates, { ignoreCase: true });

export const didYouMean = (word: string, candidates: readonly string[]): string => {
  const match = closestMatch(word, candidates);
  return match ? ` (did you mean "${match}"?)` : '';
};
