//! The stance scale (−2 … +2, plus "no position" as null) and the keys that set it during a
//! meeting: 1–5 for −2 … +2, 0 for no position, and `+`/`-` (twice in a row for ±2).

/** −2 strongly against … +2 strongly for; null is "no position", never neutral. */
export type Stance = -2 | -1 | 0 | 1 | 2;

export const STANCES: readonly Stance[] = [2, 1, 0, -1, -2];

export function isStance(value: unknown): value is Stance {
  return value === -2 || value === -1 || value === 0 || value === 1 || value === 2;
}

/** The symbol shown beside the words, so a stance never depends on colour alone. */
export function stanceSymbol(stance: number | null): string {
  switch (stance) {
    case 2:
      return '++';
    case 1:
      return '+';
    case 0:
      return '0';
    case -1:
      return '−';
    case -2:
      return '−−';
    default:
      return '∅';
  }
}

/** A typed token (`--`, `-`, `0`, `+`, `++`, also with a real minus sign) as a stance; undefined when it is none. */
export function parseStanceToken(token: string): Stance | undefined {
  const t = token.trim().replace(/[−–]/g, '-');
  const tokens: Record<string, Stance> = { '--': -2, '-': -1, '0': 0, '+': 1, '++': 2, '+2': 2, '+1': 1, '-1': -1, '-2': -2 };
  return Object.hasOwn(tokens, t) ? tokens[t] : undefined;
}

export interface StanceKeyResult {
  stance: Stance | null;
  /** True when this key doubled the previous one (`++`, `--`), so both make one step. */
  doubled: boolean;
}

const DIGITS: Record<string, Stance | null> = { '0': null, '1': -2, '2': -1, '3': 0, '4': 1, '5': 2 };

/**
 * Turns key presses into stances. A second `+` (or `-`) straight after the first, on the same
 * row, makes it +2 (or −2); any other key in between starts over.
 */
export class StanceKeys {
  #last: { key: '+' | '-'; row: string } | null = null;

  /** The stance for `key` on `row`, or null when the key sets no stance (and the sequence resets). */
  press(key: string, row: string): StanceKeyResult | null {
    const k = key === '−' ? '-' : key;
    if (k === '+' || k === '-') {
      const doubled = this.#last !== null && this.#last.key === k && this.#last.row === row;
      // A third press starts a new sequence: +, ++, then + again.
      this.#last = doubled ? null : { key: k, row };
      return { stance: k === '+' ? (doubled ? 2 : 1) : doubled ? -2 : -1, doubled };
    }
    this.#last = null;
    if (Object.hasOwn(DIGITS, k)) return { stance: DIGITS[k], doubled: false };
    return null;
  }

  reset(): void {
    this.#last = null;
  }
}
