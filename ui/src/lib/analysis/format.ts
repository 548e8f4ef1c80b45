//! Shared by the analysis views: heat-map cell codes, measures and shares for display, the
//! suggested verdict's label, and a group's name.
import type { Group, Suggestion } from '$lib/ipc/bindings';
import { m } from '$lib/paraglide/messages.js';
import { locale } from '$lib/i18n/locale.svelte';
import { chainRoleLabel, productionTypeLabel } from '$lib/i18n/labels';
import { CHAIN_ROLES, PRODUCTION_TYPES } from '$lib/ipc/bindings';

/** A heat-map cell as the core sends it (−2…2 a stance, +10 with a condition; 3 no position; 4 nothing). */
export interface DecodedCell {
  /** The stance; null is "no position"; undefined means nothing is recorded. */
  stance: number | null | undefined;
  conditional: boolean;
}

export function decodeCell(code: number): DecodedCell {
  if (code === 4) return { stance: undefined, conditional: false };
  if (code === 3) return { stance: null, conditional: false };
  if (code >= 8) return { stance: code - 10, conditional: true };
  return { stance: code, conditional: false };
}

/** The palette class of a stance (see the `--stance-*` tokens in app.css). */
export function stanceTone(stance: number | null | undefined): 'plus2' | 'plus1' | 'zero' | 'min1' | 'min2' | 'none' | 'unset' {
  if (stance === undefined) return 'unset';
  if (stance === null) return 'none';
  return (['min2', 'min1', 'zero', 'plus1', 'plus2'] as const)[stance + 2] ?? 'zero';
}

/** A measure (A, Cns, a mean) with two decimals in the UI language ("0,61"); "–" when there is none. */
export function formatMeasure(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return m.measure_none();
  // A real minus sign, as the stance symbols use.
  return new Intl.NumberFormat(locale.intlTag, { minimumFractionDigits: digits, maximumFractionDigits: digits })
    .format(value)
    .replace('-', '\u2212');
}

/** A share as a whole percentage ("75%"); "–" when there is none. */
export function formatShare(value: number | null | undefined): string {
  if (value === null || value === undefined) return m.measure_none();
  return new Intl.NumberFormat(locale.intlTag, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

const SUGGESTION_LABELS: Record<Suggestion, () => string> = {
  consensus: m.suggestion_consensus,
  consensus_with_reservations: m.suggestion_consensus_with_reservations,
  divergence: m.suggestion_divergence,
  insufficient: m.suggestion_insufficient,
};

export const suggestionLabel = (s: Suggestion): string => SUGGESTION_LABELS[s]();

/** A group's name: its chain role or production type label, or the segment as written. */
export function groupLabel(group: Group): string {
  if (group.dimension === 'chain_role' && (CHAIN_ROLES as readonly string[]).includes(group.code)) {
    return chainRoleLabel(group.code as (typeof CHAIN_ROLES)[number]);
  }
  if (group.dimension === 'production_type' && (PRODUCTION_TYPES as readonly string[]).includes(group.code)) {
    return productionTypeLabel(group.code as (typeof PRODUCTION_TYPES)[number]);
  }
  return group.code;
}
