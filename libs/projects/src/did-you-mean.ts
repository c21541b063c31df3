import { suggestClosest } from '@trainops/contracts';

/** ` (did you mean "x"?)`, or nothing when no candidate is close; the guess is the product's one. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = suggestClosest(word, candidates);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}
