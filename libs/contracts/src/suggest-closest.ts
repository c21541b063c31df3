// "Did you mean …?" for parameter keys, option keys, project names, command names and time
// zones. One function so every message in the product guesses the same way.

// Longer words are compared only up to here: nobody mistypes a 65-letter key, and edit distance
// is quadratic, so a pasted novel must not cost seconds.
const longestComparedWord = 64;

/**
 * The candidate closest to `word` (case-insensitive), or undefined when none is close enough to
 * be a plausible typo. Close enough: at most 1 edit for words up to 4 characters, 2 up to 8, 3
 * beyond (an edit is an insertion, deletion, substitution or swap of neighbours); failing that, the
 * only candidate that starts with a word of at least 3 characters (`img` → `imgsz`). Ties go to a
 * candidate that continues the word, then to the earlier one.
 */
export function suggestClosest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length === 0 || word.length > longestComparedWord) return undefined;
  const typed = word.toLowerCase();
  const allowed = typed.length <= 4 ? 1 : typed.length <= 8 ? 2 : 3;

  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate.length === 0 || candidate.length > longestComparedWord) continue;
    const lowered = candidate.toLowerCase();
    const distance = editDistance(typed, lowered, allowed);
    // A one-letter word is one edit from every one-letter candidate: that is no suggestion.
    if (distance > allowed || distance >= Math.max(typed.length, candidate.length)) continue;
    // On a tie, a candidate that merely continues the word wins: `of` is `off` unfinished.
    const continues = lowered.startsWith(typed) && !(best?.toLowerCase().startsWith(typed) ?? false);
    if (distance < bestDistance || (distance === bestDistance && continues)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best !== undefined) return best;

  if (typed.length >= 3) {
    const extending = candidates.filter((candidate) => candidate.toLowerCase().startsWith(typed));
    if (extending.length === 1) return extending[0];
  }
  return undefined;
}

/**
 * Optimal string alignment distance (Levenshtein plus swapping two neighbours, which is the
 * commonest typo: `epcohs`). Stops early once every path is over `limit`, returning limit + 1.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const width = b.length + 1;
  let beforePrevious = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);

  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      }
      current[j] = value;
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    [beforePrevious, previous, current] = [previous, current, beforePrevious];
  }
  return previous[b.length]!;
}
