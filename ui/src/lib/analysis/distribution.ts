//! A topic's distribution of stances for display: its parts in scale order (−2 … +2, then
//! "no position" apart), the counts in words for an accessible name, and a mean in words.
import type { StanceCounts } from '$lib/ipc/bindings';
import { m } from '$lib/paraglide/messages.js';
import { stanceLabel } from '$lib/i18n/meeting';
import { stanceSymbol, type Stance } from '$lib/meeting/stance';
import { formatMeasure, stanceTone } from './format';

/** The keys of `StanceCounts` from strongly against to strongly for, then "no position". */
export const DISTRIBUTION_KEYS = ['-2', '-1', '0', '1', '2', 'none'] as const;
export type DistributionKey = (typeof DISTRIBUTION_KEYS)[number];

export interface DistributionPart {
  key: DistributionKey;
  /** The stance; null is "no position". */
  stance: Stance | null;
  count: number;
  /** The palette class (see `stanceTone`). */
  tone: ReturnType<typeof stanceTone>;
  /** "++", "+", "0", "−", "−−" or "∅". */
  symbol: string;
  /** The stance in words ("sterk voor", "geen standpunt"). */
  label: string;
}

const stanceOf = (key: DistributionKey): Stance | null => (key === 'none' ? null : (Number(key) as Stance));

/** Every part, zeros included, in scale order with "no position" last. */
export function distributionParts(counts: StanceCounts): DistributionPart[] {
  return DISTRIBUTION_KEYS.map((key) => {
    const stance = stanceOf(key);
    return { key, stance, count: counts[key] ?? 0, tone: stanceTone(stance), symbol: stanceSymbol(stance), label: stanceLabel(stance) };
  });
}

/** All entries, "no position" included. */
export function distributionTotal(counts: StanceCounts): number {
  return DISTRIBUTION_KEYS.reduce((sum, key) => sum + (counts[key] ?? 0), 0);
}

/** "Verdeling: 2 sterk tegen, 1 tegen, 0 neutraal, 3 voor, 4 sterk voor, 1 geen standpunt". */
export function distributionText(counts: StanceCounts): string {
  const parts = distributionParts(counts).map((p) => m.divergence_distribution_part({ count: p.count, stance: p.label }));
  return m.divergence_distribution_label({ parts: parts.join(', ') });
}

/**
 * The stance a mean falls in, by the bands the fault line uses: sterk voor ≥ 1.5, voor ≥ 0.5,
 * neutraal in between, tegen ≤ −0.5, sterk tegen ≤ −1.5.
 */
export function meanBand(mean: number): Stance {
  if (mean >= 1.5) return 2;
  if (mean >= 0.5) return 1;
  if (mean > -0.5) return 0;
  if (mean > -1.5) return -1;
  return -2;
}

/** A mean stance with its band in words ("0,38 (neutraal)"); "–" when there is none. */
export function formatMean(mean: number | null | undefined): string {
  if (mean === null || mean === undefined || Number.isNaN(mean)) return m.measure_none();
  return m.divergence_mean_value({ value: formatMeasure(mean), band: stanceLabel(meanBand(mean)) });
}
