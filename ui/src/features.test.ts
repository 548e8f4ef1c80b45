// Search, follow-up actions, verdicts in the topic list and CSV import, through the app.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Action, Bouwsteen, SearchHit, Topic, Verdict } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { dialogue } from '$lib/state/dialogue.svelte';
import { localToday } from '$lib/state/actions.svelte';
import App from './App.svelte';
import { dialogueInfo, errorPayload, party, snapshot } from './test/fixtures';

const T = '2025-03-01T09:00:00Z';
const bouwsteen = (id: string, position: number, name: string): Bouwsteen => ({ id, position, name, description: '', created_at: T, updated_at: T });
const topic: Topic = { id: 't1', bouwsteen_id: 'b2', code: '2.1', kind: 'bottleneck', title: 'Financiering ontwikkeling', description: '', priority: 2, production_types: [], created_at: T, updated_at: T };
const verdict: Verdict = { topic_id: 't1', marking: 'consensus_with_reservations', note: '', marked_by: 'Secretariaat', marked_at: '2025-07-01T08:30:00Z' };
const overdue: Action = { id: 'a1', title: 'Notitie rondsturen', owner_party_id: 'p-1', topic_id: 't1', due_date: '2020-01-15', status: 'open', notes: '', created_at: T, updated_at: T };
const done: Action = { ...overdue, id: 'a2', title: 'Verslag delen', status: 'done' };

function fakeBackend() {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const hits: SearchHit[] = [
    { kind: 'quote', topic_id: 't1', bouwsteen_id: 'b2', party_id: 'p-1', session_id: null, action_id: null, snippet: 'naar het \uE000café\uE001 <img src=x onerror=alert(1)>' },
    { kind: 'action', topic_id: null, bouwsteen_id: null, party_id: null, session_id: null, action_id: 'a1', snippet: '\uE000Cafe\uE001 bellen' },
  ];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'app_snapshot':
        return snapshot({ dialogue: dialogueInfo() });
      case 'dialogue_info':
      case 'dialogue_ready':
      case 'dialogue_checked':
        return dialogueInfo();
      case 'bouwsteen_list':
        return [bouwsteen('b1', 1, 'Talent en vakmanschap'), bouwsteen('b2', 2, 'Ontwikkeling en productie')];
      case 'topic_list':
        return [topic];
      case 'party_list':
        return [party()];
      case 'session_list':
        return [];
      case 'verdict_list':
        return [verdict];
      case 'action_list':
        return [done, overdue];
      case 'search':
        return hits;
      case 'pick_path':
        return args.purpose === 'import_csv' ? '/tmp/in.csv' : null;
      case 'positions_import_csv':
        throw { code: 'import_failed', message: 'Regel 3, kolom 2: onbekende partij.', field: null };
      default:
        throw errorPayload('internal');
    }
  });
  return calls;
}

beforeEach(() => {
  locale.set('nl');
  dialogue.info = null;
  dialogue.clearMessages();
});
afterEach(() => clearMocks());

describe('search', () => {
  it('opens with Ctrl+F, focuses the box and shows hits grouped by bouwsteen, marks as text', async () => {
    const calls = fakeBackend();
    render(App);
    await screen.findByTestId('dialogue-title');
    // The lists load once the file is checked whole, after the overview is painted.
    await waitFor(() => expect(calls.some((c) => c.cmd === 'topic_list')).toBe(true));
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    const input = await screen.findByTestId('search-input');
    await waitFor(() => expect(document.activeElement).toBe(input));
    expect(screen.getByText('Typ een zoekterm om te beginnen.')).toBeInTheDocument();

    await fireEvent.input(input, { target: { value: 'cafe' } });
    await fireEvent.submit(input.closest('form')!);
    const found = await screen.findAllByTestId('search-hit');
    expect(calls).toContainEqual({ cmd: 'search', args: { query: 'cafe' } });
    expect(found).toHaveLength(2);
    expect(found[0]).toHaveTextContent('Citaat');
    expect(found[0]).toHaveTextContent('2.1 Financiering ontwikkeling');
    expect(found[0]).toHaveTextContent('Nederlandse Audiovisuele Producenten Alliantie');
    expect(within(found[0]).getByText('café').tagName).toBe('MARK');
    expect(found[0].querySelector('img')).toBeNull();
    expect(found[1]).toHaveTextContent('Vervolgactie');
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['2. Ontwikkeling en productie', 'Overig']);
  });
});

describe('follow-up actions', () => {
  it('lists overdue actions on top with an icon and words, and opens them in the form', async () => {
    fakeBackend();
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-actions'));
    const list = await screen.findByTestId('overdue-list');
    expect(list).toHaveTextContent('Achterstallig');
    expect(list).toHaveTextContent('Notitie rondsturen');
    expect(list).not.toHaveTextContent('Verslag delen');
    expect(list.querySelector('svg')).not.toBeNull();
    const rows = screen.getAllByTestId('action-row');
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.textContent?.includes('Notitie rondsturen'))).toHaveTextContent('15 januari 2020');
    expect(localToday() > '2020-01-15').toBe(true);

    await fireEvent.click(within(list).getByTestId('overdue-edit'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Uiterste datum')).toHaveValue('2020-01-15');
    expect(within(dialog).getByLabelText('Eigenaar')).toHaveValue('p-1');
    expect(within(dialog).getByLabelText('Onderwerp')).toHaveValue('t1');
  });
});

describe('verdicts in the topic list', () => {
  it('shows the marking as a badge with who marked it when', async () => {
    fakeBackend();
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-topics'));
    const badge = await screen.findByTestId('verdict-badge');
    expect(badge).toHaveTextContent('Consensus met voorbehoud');
    expect(badge.getAttribute('title')).toContain('Vastgelegd door Secretariaat op 1 jul 2025, 10:30.');
    await fireEvent.click(screen.getByTestId('set-verdict'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Oordeel')).toHaveValue('consensus_with_reservations');
    expect(within(dialog).getByRole('option', { name: 'Geen oordeel' })).toBeInTheDocument();
  });
});

describe('CSV import', () => {
  it('shows a failed import translated, with the line and column as details', async () => {
    fakeBackend();
    render(App);
    // The CSV actions live in the header's "Bestand" menu; its items exist only while it is open.
    expect(screen.queryByTestId('menu-import-csv')).toBeNull();
    await fireEvent.click(await screen.findByTestId('menu-file'));
    await fireEvent.click(await screen.findByTestId('menu-import-csv'));
    const error = await screen.findByTestId('error');
    expect(error).toHaveTextContent('Het bestand kon niet worden geïmporteerd');
    expect(error).toHaveTextContent('Regel 3, kolom 2: onbekende partij.');
    expect(error).toHaveAttribute('role', 'alert');
  });
});
