//! A small fuzzy matcher for the jump box: the typed letters must occur in order (not
//! necessarily together), case and accents ignored; matches at word starts and in runs rank first.

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLocaleLowerCase();
}

/** A score (higher is better) when every letter of `query` occurs in `text` in order, else null. */
export function fuzzyScore(query: string, text: string): number | null {
  const q = fold(query).replace(/\s+/g, '');
  if (q === '') return 0;
  const t = fold(text);
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return null;
    if (at === previous + 1) score += 3;
    if (at === 0 || /[^\p{L}\p{N}]/u.test(t[at - 1])) score += 2;
    score -= Math.min(at - from, 5) * 0.1;
    previous = at;
    from = at + 1;
  }
  // Shorter texts win ties, so "Rechten" beats "Rechtenverdeling in de hele keten".
  return score - t.length * 0.001;
}

/** The items matching `query`, best first (stable among equals), at most `limit`. */
export function fuzzyFilter<T>(query: string, items: readonly T[], textOf: (item: T) => string, limit = Infinity): T[] {
  const scored: { item: T; score: number; index: number }[] = [];
  items.forEach((item, index) => {
    const score = fuzzyScore(query, textOf(item));
    if (score !== null) scored.push({ item, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.slice(0, limit).map((s) => s.item);
}
