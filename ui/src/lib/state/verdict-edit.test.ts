import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Verdict } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { VerdictState } from './verdicts.svelte';
import { markedText, saveVerdict, verdictDraft } from './verdict-edit.svelte';

beforeEach(() => locale.set('nl'));
afterEach(() => clearMocks());

const existing: Verdict = { topic_id: 't-1', marking: 'divergence', note: 'Omroepen en bioscopen verschillen', marked_by: 'Secretariaat', marked_at: '2025-07-01T08:30:00Z' };

async function withBackend() {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === 'verdict_list') return [existing];
    if (cmd === 'verdict_set') {
      const a = args as { topic_id: string; marking: Verdict['marking']; note: string };
      return { ...existing, topic_id: a.topic_id, marking: a.marking, note: a.note };
    }
    return null;
  });
  const state = new VerdictState();
  await state.load();
  return { calls, state };
}

describe('saving a verdict from a form', () => {
  it('sets a marking with verdict_set and the trimmed note', async () => {
    const { calls, state } = await withBackend();
    await saveVerdict('t-2', { marking: 'consensus_with_reservations', note: ' mits budget ' }, state);
    expect(calls.at(-1)).toEqual(['verdict_set', { topic_id: 't-2', marking: 'consensus_with_reservations', note: 'mits budget' }]);
    expect(state.byTopic('t-2')?.marking).toBe('consensus_with_reservations');
  });

  it('clears the marking for "geen oordeel", and sends nothing when unchanged', async () => {
    const { calls, state } = await withBackend();
    await saveVerdict('t-1', verdictDraft(state.byTopic('t-1')), state);
    expect(calls).toHaveLength(1);
    await saveVerdict('t-1', { marking: '', note: '' }, state);
    expect(calls.at(-1)).toEqual(['verdict_clear', { topic_id: 't-1' }]);
    expect(state.byTopic('t-1')).toBeUndefined();
    await saveVerdict('t-3', { marking: '', note: '' }, state);
    expect(calls).toHaveLength(2);
  });

  it('says who marked it when, in Amsterdam time', () => {
    expect(markedText(existing)).toBe('Vastgelegd door Secretariaat op 1 jul 2025, 10:30.');
  });
});
