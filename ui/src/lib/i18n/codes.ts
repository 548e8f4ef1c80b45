//! Translated labels for the codes of search hits and follow-up actions, a count-aware
//! message pick, and calendar dates (`YYYY-MM-DD`) for display.
import type { ActionStatus, HitKind } from '$lib/ipc/bindings';
import { m } from '$lib/paraglide/messages.js';
import { formatCount } from './format';
import { locale } from './locale.svelte';

type Label = () => string;

const HIT_KIND_LABELS: Record<HitKind, Label> = {
  topic: m.search_kind_topic,
  rationale: m.search_kind_rationale,
  condition: m.search_kind_condition,
  quote: m.search_kind_quote,
  verdict_note: m.search_kind_verdict_note,
  action: m.search_kind_action,
};

const ACTION_STATUS_LABELS: Record<ActionStatus, Label> = {
  open: m.actions_status_open,
  in_progress: m.actions_status_in_progress,
  done: m.actions_status_done,
  dropped: m.actions_status_dropped,
};

export const hitKindLabel = (code: HitKind): string => HIT_KIND_LABELS[code]();
export const actionStatusLabel = (code: ActionStatus): string => ACTION_STATUS_LABELS[code]();

/**
 * The `one` or the `other` message for `count`, by the plural rules of the UI language, with
 * the count written as the language groups digits (10.465 in Dutch, 10,465 in English).
 */
export function plural<A extends object>(
  count: number,
  one: (args: A & { count: string }) => string,
  other: (args: A & { count: string }) => string,
  args: A,
): string {
  const pick = new Intl.PluralRules(locale.intlTag).select(count) === 'one' ? one : other;
  return pick({ ...args, count: formatCount(count) });
}

/** Items joined as the UI language lists them ("a, b en c"). */
export function listText(items: readonly string[]): string {
  return new Intl.ListFormat(locale.intlTag, { style: 'long', type: 'conjunction' }).format(items);
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` as the UI language writes it ("3 maart 2025"); other text as is. */
export function formatDay(day: string): string {
  const match = DAY_RE.exec(day);
  if (!match) return day;
  // A date without a time of day: format it in UTC so no zone moves it to another day.
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(locale.intlTag, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}
