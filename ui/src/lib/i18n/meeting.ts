//! Translated labels for meeting mode: the stance scale and the facilitator's marking of a topic.
import type { Marking, Position, Verdict } from '$lib/ipc/bindings';
import { m } from '$lib/paraglide/messages.js';
import { stanceSymbol } from '$lib/meeting/stance';
import { formatDateTime } from './format';
import './locale.svelte';

type Label = () => string;

const STANCE_LABELS: Record<string, Label> = {
  '2': m.meeting_stance_plus2,
  '1': m.meeting_stance_plus1,
  '0': m.meeting_stance_zero,
  '-1': m.meeting_stance_min1,
  '-2': m.meeting_stance_min2,
};

const MARKING_LABELS: Record<Marking, Label> = {
  consensus: m.meeting_marking_consensus,
  consensus_with_reservations: m.meeting_marking_consensus_with_reservations,
  divergence: m.meeting_marking_divergence,
  open: m.meeting_marking_open,
};

/** The stance in words; null is "no position" (never "neutral"). */
export const stanceLabel = (stance: number | null): string => (stance === null ? m.meeting_stance_none : (STANCE_LABELS[String(stance)] ?? m.meeting_stance_none))();

/** Symbol and words together, e.g. "++ sterk voor", so colour is never the only cue. */
export const stanceText = (stance: number | null): string => `${stanceSymbol(stance)} ${stanceLabel(stance)}`;

export const markingLabel = (marking: Marking): string => MARKING_LABELS[marking]();

/** "Vastgelegd door Secretariaat op 1 jul 2025, 10:30." — who marked a topic, and when. */
export function markedText(verdict: Verdict): string {
  const when = formatDateTime(verdict.marked_at);
  return verdict.marked_by.trim() ? m.verdict_marked({ who: verdict.marked_by, when }) : m.verdict_marked_anonymous({ when });
}

/** "Vastgelegd door anna op 14 jun 2022, 10:05" — or without a name when none was known. */
export function recordedText(position: Position): string {
  const when = formatDateTime(position.recorded_at);
  return position.recorded_by.trim() ? m.history_recorded({ who: position.recorded_by, when }) : m.history_recorded_anonymous({ when });
}

/**
 * A condition with "mits …" (English: "provided …") before it, unless it already starts with
 * that word: facilitators often type the "mits" themselves, and the generator and the demo
 * store it too. Never "mits mits".
 */
export const conditionText = (condition: string): string => {
  const text = condition.trim();
  return /^(mits|provided)\b/i.test(text) ? text : m.meeting_condition_prefix({ condition: text });
};
