// Python's difflib.get_close_matches, which Ultralytics uses for "Similar arguments are i.e. …"
// and for correcting export formats. A port rather than a look-alike, so the stand-in suggests
// exactly what the real CLI suggests.

/** `difflib.SequenceMatcher(None, a, b).ratio()`. */
export function sequenceRatio(a: string, b: string): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  return (2 * countMatchingCharacters(a, b)) / total;
}

function countMatchingCharacters(a: string, b: string): number {
  const b2j = new Map<string, number[]>();
  for (let j = 0; j < b.length; j += 1) {
    const char = b[j] ?? '';
    const indices = b2j.get(char);
    if (indices) indices.push(j);
    else b2j.set(char, [j]);
  }
  // difflib's autojunk: in long sequences, characters that are everywhere do not anchor matches.
  if (b.length >= 200) {
    const limit = Math.floor(b.length / 100) + 1;
    for (const [char, indices] of b2j) if (indices.length > limit) b2j.delete(char);
  }

  const findLongestMatch = (alo: number, ahi: number, blo: number, bhi: number): [number, number, number] => {
    let besti = alo;
    let bestj = blo;
    let bestsize = 0;
    let j2len = new Map<number, number>();
    for (let i = alo; i < ahi; i += 1) {
      const next = new Map<number, number>();
      for (const j of b2j.get(a[i] ?? '') ?? []) {
        if (j < blo) continue;
        if (j >= bhi) break;
        const k = (j2len.get(j - 1) ?? 0) + 1;
        next.set(j, k);
        if (k > bestsize) {
          besti = i - k + 1;
          bestj = j - k + 1;
          bestsize = k;
        }
      }
      j2len = next;
    }
    while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) {
      besti -= 1;
      bestj -= 1;
      bestsize += 1;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) {
      bestsize += 1;
    }
    return [besti, bestj, bestsize];
  };

  let matched = 0;
  const queue: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  while (queue.length > 0) {
    const [alo, ahi, blo, bhi] = queue.pop() as [number, number, number, number];
    const [i, j, k] = findLongestMatch(alo, ahi, blo, bhi);
    if (k === 0) continue;
    matched += k;
    if (alo < i && blo < j) queue.push([alo, i, blo, j]);
    if (i + k < ahi && j + k < bhi) queue.push([i + k, ahi, j + k, bhi]);
  }
  return matched;
}

/**
 * `difflib.get_close_matches(word, possibilities, n, cutoff)`: the best `n` candidates scoring at
 * least `cutoff`, best first; equal scores put the greater string first, as Python's tuple order does.
 */
export function getCloseMatches(word: string, possibilities: Iterable<string>, n = 3, cutoff = 0.6): string[] {
  const scored: { score: number; candidate: string }[] = [];
  for (const candidate of possibilities) {
    // SequenceMatcher(set_seq2(word), set_seq1(x)): the candidate is `a`, the word is `b`.
    const score = sequenceRatio(candidate, word);
    if (score >= cutoff) scored.push({ score, candidate });
  }
  scored.sort((x, y) => y.score - x.score || (x.candidate < y.candidate ? 1 : x.candidate > y.candidate ? -1 : 0));
  return scored.slice(0, n).map((entry) => entry.candidate);
}
