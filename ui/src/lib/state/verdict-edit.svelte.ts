//! Editing a topic's verdict in a form: the draft (marking, or "" for none, and a note), what
//! saving it means (set, clear, or nothing when unchanged), and who marked it when, in words.
import type { Marking, Verdict } from '$lib/ipc/bindings';
import { verdicts, type VerdictState } from './verdicts.svelte';

export interface VerdictDraft {
  /** The empty string is "geen oordeel": saving it clears the marking. */
  marking: Marking | '';
  note: string;
}

export function verdictDraft(verdict: Verdict | undefined): VerdictDraft {
  return { marking: verdict?.marking ?? '', note: verdict?.note ?? '' };
}

/** Saves the draft for the topic: sets the marking, clears it for "geen oordeel", or does nothing when unchanged. */
export async function saveVerdict(
  topicId: string,
  draft: VerdictDraft,
  state: Pick<VerdictState, 'byTopic' | 'set' | 'clear'> = verdicts,
): Promise<void> {
  const current = state.byTopic(topicId);
  const note = draft.note.trim();
  if (draft.marking === '') {
    if (current) await state.clear(topicId);
    return;
  }
  if (current && current.marking === draft.marking && current.note === note) return;
  await state.set(topicId, draft.marking, note);
}

/** "Vastgelegd door … op …" (Europe/Amsterdam). */
export { markedText } from '$lib/i18n/meeting';
