import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { locale } from '$lib/i18n';
import { bouwstenen } from '$lib/state/bouwstenen.svelte';
import { topics } from '$lib/state/topics.svelte';
import { parties } from '$lib/state/parties.svelte';
import { sessions } from '$lib/state/sessions.svelte';
import { verdicts } from '$lib/state/verdicts.svelte';
import { meeting } from '$lib/state/meeting.svelte';
import { projector } from '$lib/state/projector.svelte';
import { meetingBackend, session } from '../test/meeting-backend';
import MeetingView from './MeetingView.svelte';

async function openCapture(backend = meetingBackend()) {
  await Promise.all([bouwstenen.load(), topics.load(), parties.load(), sessions.load(), verdicts.load()]);
  meeting.reset();
  render(MeetingView);
  const select = await screen.findByTestId('meeting-session');
  expect(select).toHaveAttribute('name', 'session_id');
  await fireEvent.click(screen.getByTestId('meeting-begin'));
  await screen.findByTestId('meeting-topic-title');
  return backend;
}

function focusedRow(): HTMLElement {
  const row = document.activeElement as HTMLElement;
  expect(row).toHaveAttribute('data-testid', 'meeting-party-row');
  return row;
}

beforeEach(() => locale.set('nl'));
afterEach(() => {
  meeting.reset();
  projector.set(false);
  clearMocks();
});

describe('meeting view', () => {
  it('lists sessions most recent first and begins capture with one row per party present', async () => {
    meetingBackend({
      sessions: [
        session({ id: 's-old', title: 'Eerste werkgroep', starts_at: '2025-01-10T09:00:00Z', ends_at: '2025-01-10T11:00:00Z' }),
        session({ id: 's-1', title: 'Werkgroep 12 maart', attendee_ids: ['p-a', 'p-b'] }),
      ],
    });
    await Promise.all([bouwstenen.load(), topics.load(), parties.load(), sessions.load()]);
    meeting.reset();
    render(MeetingView);
    const select = await screen.findByTestId('meeting-session');
    const options = within(select).getAllByRole('option');
    expect(options.map((o) => (o as HTMLOptionElement).value)).toEqual(['s-1', 's-old']);
    expect(screen.getByLabelText('Omroep B (OB)')).toBeChecked();
    expect(screen.getByLabelText('Bioscoopbond (BB)')).not.toBeChecked();

    await fireEvent.click(screen.getByTestId('meeting-begin'));
    expect(await screen.findByTestId('meeting-topic-title')).toHaveTextContent('1.1 Opleidingen');
    expect(screen.getByTestId('meeting-topic-position')).toHaveTextContent('1 / 3');
    expect(screen.getByTestId('meeting-bouwsteen')).toHaveTextContent('Talent en vakmanschap');
    expect(screen.getByTestId('meeting-session-title')).toHaveTextContent('Werkgroep 12 maart');
    const rows = screen.getAllByTestId('meeting-party-row');
    expect(rows.map((r) => r.dataset.party)).toEqual(['Omroep B', 'Producentenalliantie']);
    expect(rows[0]).toHaveAccessibleName('Omroep B: nog niet vastgelegd');
    expect(within(rows[0]).getByTestId('saved-state')).toHaveAttribute('data-state', 'empty');
    await waitFor(() => expect(document.activeElement).toBe(rows[0]));
  });

  it('saves a stance key on the focused row, shows symbol and words, and stays on the row', async () => {
    const backend = await openCapture();
    await waitFor(() => focusedRow());
    const row = focusedRow();
    await fireEvent.keyDown(row, { key: '5' });
    await waitFor(() => expect(within(row).getByTestId('saved-state')).toHaveAttribute('data-state', 'saved'));
    expect(within(row).getByTestId('saved-state')).toHaveTextContent('✓ Opgeslagen');
    expect(within(row).getByTestId('stance')).toHaveTextContent('++ sterk voor');
    expect(row).toHaveAccessibleName('Bioscoopbond: sterk voor');
    expect(document.activeElement).toBe(row);
    expect(backend.calls.find((c) => c.cmd === 'position_set')?.args).toEqual({
      input: { topic_id: 't-1', party_id: 'p-c', session_id: 's-1', stance: 2, rationale: '', condition: '', quote: '' },
    });

    await fireEvent.keyDown(row, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(within(row).getByTestId('saved-state')).toHaveAttribute('data-state', 'empty'));
    expect(backend.calls.at(-1)?.cmd).toBe('position_clear');
  });

  it('moves between parties and topics by keyboard and keeps DOM focus on the row', async () => {
    await openCapture();
    await waitFor(() => focusedRow());
    await fireEvent.keyDown(focusedRow(), { key: 'ArrowDown' });
    await waitFor(() => expect(focusedRow().dataset.party).toBe('Omroep B'));
    await fireEvent.keyDown(focusedRow(), { key: 'j' });
    await waitFor(() => expect(focusedRow().dataset.party).toBe('Producentenalliantie'));
    await fireEvent.keyDown(focusedRow(), { key: 'PageDown' });
    await waitFor(() => expect(screen.getByTestId('meeting-topic-title')).toHaveTextContent('1.2 Stages'));
    await waitFor(() => expect(focusedRow().dataset.party).toBe('Bioscoopbond'));
    await fireEvent.keyDown(focusedRow(), { key: 'ArrowLeft' });
    await waitFor(() => expect(screen.getByTestId('meeting-topic-position')).toHaveTextContent('1 / 3'));
  });

  it('edits a condition inline: Enter saves and returns to the row', async () => {
    const backend = await openCapture();
    await waitFor(() => focusedRow());
    const row = focusedRow();
    await fireEvent.keyDown(row, { key: 'c' });
    const input = await within(row).findByRole('textbox');
    expect(input).toHaveAttribute('name', 'condition');
    await fireEvent.input(input, { target: { value: 'er geld bij komt' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(within(row).getByTestId('saved-state')).toHaveAttribute('data-state', 'saved'));
    expect(row).toHaveTextContent('mits er geld bij komt');
    expect(row).toHaveTextContent('geen standpunt');
    expect(row).toHaveAccessibleName('Bioscoopbond: geen standpunt, mits er geld bij komt');
    await waitFor(() => expect(document.activeElement).toBe(row));
    expect(backend.calls.find((c) => c.cmd === 'position_set')?.args).toMatchObject({ input: { stance: null, condition: 'er geld bij komt' } });
  });

  it('jumps to a topic by typed letters, opens the overlay on ? and toggles projector mode on p', async () => {
    await openCapture();
    await waitFor(() => focusedRow());
    await fireEvent.keyDown(focusedRow(), { key: '/' });
    const jump = await screen.findByTestId('jump-input');
    await fireEvent.input(jump, { target: { value: 'rcht' } });
    await fireEvent.keyDown(jump, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('meeting-topic-title')).toHaveTextContent('2.1 Rechten en exploitatie'));
    await waitFor(() => focusedRow());

    await fireEvent.keyDown(focusedRow(), { key: '?' });
    const overlay = await screen.findByTestId('shortcut-overlay');
    expect(overlay).toHaveTextContent('Ongedaan maken');
    await fireEvent.keyDown(within(overlay).getByTestId('shortcut-close'), { key: '?' });
    await waitFor(() => expect(screen.queryByTestId('shortcut-overlay')).not.toBeInTheDocument());

    await waitFor(() => focusedRow());
    await fireEvent.keyDown(focusedRow(), { key: 'p' });
    expect(document.documentElement.dataset.projector).toBe('on');
    expect(screen.getByTestId('projector-toggle')).toHaveAttribute('aria-pressed', 'true');
  });

  it('marks the topic with m: verdict_set with the note, and shows the badge and who marked it', async () => {
    const backend = await openCapture();
    await waitFor(() => focusedRow());
    await fireEvent.keyDown(focusedRow(), { key: 'm' });
    const select = document.activeElement as HTMLSelectElement;
    expect(select).toHaveAttribute('name', 'marking');
    await fireEvent.change(select, { target: { value: 'divergence' } });
    await waitFor(() => expect(screen.getByTestId('verdict-by')).toHaveTextContent('Vastgelegd door facilitator op 12 mrt 2025, 11:00.'));
    expect(backend.calls).toContainEqual({ cmd: 'verdict_set', args: { topic_id: 't-1', marking: 'divergence', note: '' } });
    expect(screen.getByTestId('verdict-badge')).toHaveTextContent('Verdeeldheid');
  });

  it('shows the history on h, with who recorded each entry and earlier values struck through', async () => {
    const position = (stance: number | null, condition: string, recorded_at: string) => ({
      id: 'pos-1', topic_id: 't-1', party_id: 'p-c', session_id: 's-old', stance, rationale: '', condition, quote: '', recorded_at, recorded_by: 'secretariaat',
    });
    const backend = meetingBackend({
      history: [
        {
          session_id: 's-old',
          session_title: 'Eerste werkgroep',
          session_starts_at: '2025-01-10T09:00:00Z',
          position: position(-1, 'er is overleg', '2025-01-10T09:30:00Z'),
          earlier: [position(1, '', '2025-01-10T09:20:00Z')],
        },
      ],
    });
    await openCapture(backend);
    await waitFor(() => focusedRow());
    await fireEvent.keyDown(focusedRow(), { key: 'h' });
    const panel = await screen.findByTestId('history-panel');
    const [entry] = await within(panel).findAllByTestId('history-entry');
    expect(entry).toHaveTextContent('Eerste werkgroep');
    expect(entry).toHaveTextContent('januari 2025');
    expect(entry).toHaveTextContent('− tegen');
    expect(entry).toHaveTextContent('mits er is overleg');
    expect(entry).toHaveTextContent(/Vastgelegd door secretariaat op 10 jan 2025,? 10:30/);
    expect(entry.querySelector('del')).toHaveTextContent('+ voor');
    expect(backend.calls).toContainEqual({ cmd: 'position_history', args: { topic_id: 't-1', party_id: 'p-c' } });
    await fireEvent.keyDown(within(panel).getByTestId('history-close'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('history-panel')).not.toBeInTheDocument());
  });
});
