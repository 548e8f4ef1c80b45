import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { ERASED_NAME, type ErasureReport, type Person } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { PeopleState, people, personName } from './people.svelte';
import { parties } from './parties.svelte';
import { dialogue } from './dialogue.svelte';
import { dialogueInfo, party } from '../../test/fixtures';
import PartiesView from '../../views/PartiesView.svelte';

const T = '2025-03-01T09:00:00Z';
const PATH = '/home/facilitator/anna.json';

function person(overrides: Partial<Person> = {}): Person {
  return {
    id: 'per-1',
    party_id: 'p-1',
    name: 'Anna de Vries',
    email: 'anna@example.org',
    role_title: 'Beleidsmedewerker',
    created_at: T,
    updated_at: T,
    ...overrides,
  };
}

const report: ErasureReport = { person_id: 'per-1', texts: { 'positions.rationale': 2 }, audit_entries: 5, scrubbed: true };

/** Mocks the IPC with one handler per command and records every call. */
function backend(handlers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    const handler = handlers[cmd];
    if (!handler) throw { code: 'internal', message: `no handler for ${cmd}`, field: null };
    return handler(payload);
  });
  return calls;
}

beforeEach(() => {
  locale.set('nl');
  dialogue.info = dialogueInfo();
  dialogue.clearMessages();
  people.reset();
  parties.reset();
});
afterEach(() => {
  clearMocks();
  dialogue.info = null;
});

describe('PeopleState', () => {
  it('lists people by name and shows an erased one by a word in the user’s language', async () => {
    backend({ person_list: () => [person({ id: 'b', name: 'Bram Jansen' }), person({ id: 'a', name: 'anna de Vries' })] });
    const state = new PeopleState();
    await state.load();
    expect(state.items.map((p) => p.name)).toEqual(['anna de Vries', 'Bram Jansen']);
    expect(personName(person({ name: ERASED_NAME }))).toBe('Gewiste persoon');
    locale.set('en');
    expect(personName(person({ name: ERASED_NAME }))).toBe('Erased person');
  });

  it('exports a person’s data to the path chosen in the save dialog for that purpose', async () => {
    const calls = backend({ pick_path: () => PATH, person_export: () => null });
    const state = new PeopleState();
    expect(await state.exportData(person())).toBe(true);
    expect(calls).toEqual([
      { cmd: 'pick_path', args: { purpose: 'export_person' } },
      { cmd: 'person_export', args: { id: 'per-1', path: PATH } },
    ]);
    expect(dialogue.notice).toBe(`Alle gegevens over Anna de Vries zijn opgeslagen in ${PATH}.`);
  });

  it('does nothing when the save dialog is cancelled, and shows a failed export as its code', async () => {
    const calls = backend({ pick_path: () => null });
    const state = new PeopleState();
    expect(await state.exportData(person())).toBe(false);
    expect(calls.map((c) => c.cmd)).toEqual(['pick_path']);
    expect(dialogue.notice).toBeNull();

    backend({ pick_path: () => PATH, person_export: () => Promise.reject({ code: 'io', message: 'disk full', field: null }) });
    expect(await state.exportData(person())).toBe(false);
    expect(dialogue.error?.code).toBe('io');
  });

  it('erases, then reloads every list that may hold a text naming them, and says that older backups may still hold the data', async () => {
    const calls = backend({
      person_erase: () => report,
      person_list: () => [person({ name: ERASED_NAME, email: '', role_title: '' })],
      dialogue_info: () => dialogueInfo(),
      party_list: () => [],
      topic_list: () => [],
      session_list: () => [],
      action_list: () => [],
      verdict_list: () => [],
    });
    const state = new PeopleState();
    await state.erase(person());
    expect(calls[0]).toEqual({ cmd: 'person_erase', args: { id: 'per-1' } });
    expect(calls.map((c) => c.cmd).sort()).toEqual(
      ['action_list', 'dialogue_info', 'party_list', 'person_erase', 'person_list', 'session_list', 'topic_list', 'verdict_list'],
    );
    expect(state.items[0].name).toBe(ERASED_NAME);
    expect(dialogue.notice).toContain('Oudere back-ups');
  });
});

describe('Partijen: the representatives and the erasure dialog', () => {
  async function setup(erase: () => unknown) {
    const calls = backend({
      party_list: () => [party({ id: 'p-1', name: 'Producentenvereniging' })],
      person_erase: erase,
      person_list: () => [person({ name: ERASED_NAME, email: '', role_title: '' })],
      dialogue_info: () => dialogueInfo(),
    });
    await parties.load();
    calls.length = 0;
    people.items = [person()];
    people.loaded = true;
    render(PartiesView);
    return calls;
  }

  it('asks plainly before erasing: what is replaced, the party’s positions stay, irreversible, backups', async () => {
    const calls = await setup(() => report);
    const row = screen.getByTestId('person-row');
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Anna de Vries');
    await fireEvent.click(within(row).getByRole('button', { name: 'Persoon wissen: Anna de Vries' }));

    const dialog = screen.getByRole('dialog', { name: 'Persoon wissen' });
    expect(dialog).toHaveTextContent('Wilt u Anna de Vries (Producentenvereniging) definitief uit deze dialoog wissen?');
    const consequences = within(dialog).getByTestId('erase-consequences');
    expect(consequences).toHaveTextContent('vervangen door ‘[verwijderd]’');
    expect(consequences).toHaveTextContent('De standpunten van Producentenvereniging blijven ongewijzigd staan.');
    expect(consequences).toHaveTextContent('Dit kan niet ongedaan worden gemaakt.');
    expect(consequences).toHaveTextContent('Oudere back-ups');
    expect(calls).toEqual([]);

    await fireEvent.click(within(dialog).getByRole('button', { name: 'Definitief wissen' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls[0]).toEqual({ cmd: 'person_erase', args: { id: 'per-1' } });
    await waitFor(() => expect(screen.getByTestId('person-row')).toHaveTextContent('Gewiste persoon'));
    expect(within(screen.getByTestId('person-row')).queryByRole('button')).toBeNull();
  });

  it('keeps the dialog open with the error in words when the core refuses', async () => {
    await setup(() => Promise.reject({ code: 'not_found', message: 'Persoon niet gevonden: per-1', field: null }));
    await fireEvent.click(screen.getByRole('button', { name: 'Persoon wissen: Anna de Vries' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Definitief wissen' }));
    const dialog = await screen.findByRole('dialog', { name: 'Persoon wissen' });
    await waitFor(() => expect(dialog).toHaveTextContent('Dit item bestaat niet meer.'));
    expect(dialog).toHaveTextContent('Persoon niet gevonden: per-1');
    expect(screen.getByTestId('person-row')).toHaveTextContent('Anna de Vries');
  });

  it('has Cancel first, which closes the dialog and changes nothing', async () => {
    const calls = await setup(() => report);
    await fireEvent.click(screen.getByRole('button', { name: 'Persoon wissen: Anna de Vries' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Annuleren' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls).toEqual([]);
  });
});
