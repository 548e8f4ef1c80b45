import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Bouwsteen, Party, PartyInput } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { dialogue } from '$lib/state/dialogue.svelte';
import App from './App.svelte';
import { dialogueInfo, errorPayload, party, snapshot } from './test/fixtures';

type Call = { cmd: string; args: Record<string, unknown> };

/** A small in-memory stand-in for the Rust side, enough for the screens under test. */
function fakeBackend(options: { open?: boolean } = {}) {
  const calls: Call[] = [];
  const info = dialogueInfo();
  let open = options.open ?? false;
  let parties: Party[] = [];
  const bouwsteen = (id: string, position: number, name: string): Bouwsteen => ({ id, position, name, description: '', created_at: '', updated_at: '' });
  let bouwstenen: Bouwsteen[] = [bouwsteen('b1', 1, 'Talent en vakmanschap'), bouwsteen('b2', 2, 'Ontwikkeling en productie')];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'app_snapshot':
        return snapshot({ dialogue: open ? info : null });
      case 'set_lang':
        return null;
      case 'dialogue_open_demo':
        open = true;
        return info;
      case 'dialogue_info':
      case 'dialogue_ready':
      case 'dialogue_checked':
        return info;
      case 'bouwsteen_list':
        return bouwstenen;
      case 'bouwsteen_move': {
        const moved = bouwstenen.find((b) => b.id === args.id)!;
        const rest = bouwstenen.filter((b) => b.id !== args.id);
        rest.splice(args.index as number, 0, moved);
        bouwstenen = rest.map((b, i) => ({ ...b, position: i + 1 }));
        return bouwstenen;
      }
      case 'bouwsteen_delete':
        throw errorPayload('in_use');
      case 'topic_list':
      case 'session_list':
        return [];
      case 'person_list':
        return [];
      case 'party_list':
        return parties;
      case 'party_create': {
        const created = party({ id: `p-${parties.length + 1}`, ...(args.input as PartyInput) });
        parties = [...parties, created];
        return created;
      }
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

describe('start screen', () => {
  it('shows the three start actions and switches language at once', async () => {
    const calls = fakeBackend();
    render(App);
    expect(await screen.findByTestId('new-dialogue')).toHaveTextContent('Nieuwe dialoog…');
    expect(screen.getByTestId('open-dialogue')).toHaveTextContent('Dialoog openen…');
    expect(screen.getByTestId('demo-dialogue')).toHaveTextContent('Voorbeelddialoog');
    expect(document.documentElement.lang).toBe('nl');

    await fireEvent.change(screen.getByTestId('lang-select'), { target: { value: 'en' } });

    expect(await screen.findByText('New dialogue…')).toBeInTheDocument();
    expect(screen.getByTestId('demo-dialogue')).toHaveTextContent('Example dialogue');
    expect(screen.queryByText('Nieuwe dialoog…')).not.toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(calls).toContainEqual({ cmd: 'set_lang', args: { lang: 'en' } });
  });
});

describe('opening a file', () => {
  it('paints the overview first, then opens the file for work and loads the lists while it is checked whole', async () => {
    const info = dialogueInfo();
    const order: string[] = [];
    let ready: (() => void) | null = null;
    let checked: (() => void) | null = null;
    mockIPC(async (cmd) => {
      order.push(cmd);
      if (cmd === 'app_snapshot') return snapshot({ dialogue: info });
      if (cmd === 'dialogue_info') return info;
      if (cmd === 'dialogue_ready') {
        await new Promise<void>((resolve) => (ready = resolve));
        return info;
      }
      if (cmd === 'dialogue_checked') {
        await new Promise<void>((resolve) => (checked = resolve));
        return info;
      }
      if (cmd.endsWith('_list')) return [];
      throw errorPayload('internal');
    });
    render(App);
    expect(await screen.findByTestId('dialogue-title')).toHaveTextContent('Sectorplan audiovisueel');
    await waitFor(() => expect(order).toContain('dialogue_ready'));
    expect(order.filter((c) => c.endsWith('_list'))).toEqual([]);
    ready!();
    // The lists load while the check runs; the overview says it is still running.
    await waitFor(() => expect(order).toContain('topic_list'));
    expect(order).toContain('dialogue_checked');
    expect(await screen.findByTestId('overview-checking', {}, { timeout: 2000 })).toHaveTextContent(
      'Het bestand wordt nog volledig gecontroleerd. Wat u intussen wijzigt, wordt opgeslagen zodra dat klaar is.',
    );
    checked!();
    await waitFor(() => expect(screen.queryByTestId('overview-checking')).not.toBeInTheDocument());
    expect(order.indexOf('topic_list')).toBeGreaterThan(order.indexOf('dialogue_ready'));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each(['dialogue_ready', 'dialogue_checked'])('goes back to the start screen, saying why, when %s finds the file damaged', async (failing) => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === 'app_snapshot') return snapshot({ dialogue: dialogueInfo() });
      if (cmd === 'dialogue_info' || cmd === 'dialogue_ready' || cmd === 'dialogue_checked') {
        if (cmd === failing) throw errorPayload('corrupt');
        return dialogueInfo();
      }
      if (cmd.endsWith('_list')) return [];
      throw errorPayload('internal');
    });
    render(App);
    expect(await screen.findByRole('alert')).toHaveTextContent('Dit bestand is beschadigd en kan niet worden geopend. Er is niets gewijzigd.');
    expect(screen.getByTestId('open-dialogue')).toBeInTheDocument();
    expect(screen.queryByTestId('dialogue-title')).not.toBeInTheDocument();
    if (failing === 'dialogue_ready') expect(calls.filter((c) => c.endsWith('_list'))).toEqual([]);
  });
});

describe('open dialogue', () => {
  it('opens the example dialogue and adds a party through the form', async () => {
    const calls = fakeBackend();
    render(App);
    await fireEvent.click(await screen.findByTestId('demo-dialogue'));
    expect(await screen.findByTestId('dialogue-title')).toHaveTextContent('Sectorplan audiovisueel');

    await fireEvent.click(screen.getByTestId('nav-parties'));
    await fireEvent.click(await screen.findByTestId('add-party'));
    const dialog = await screen.findByRole('dialog');
    await fireEvent.input(within(dialog).getByLabelText('Naam'), { target: { value: 'NPO' } });
    await fireEvent.input(within(dialog).getByLabelText('Korte naam'), { target: { value: 'NPO' } });
    await fireEvent.change(within(dialog).getByLabelText('Ketenrol'), { target: { value: 'public_broadcaster' } });
    await fireEvent.click(within(dialog).getByLabelText('Serie'));
    await fireEvent.click(within(dialog).getByTestId('save'));

    const row = await screen.findByTestId('party-row');
    expect(row).toHaveTextContent('NPO');
    expect(row).toHaveTextContent('Publieke omroep');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'party_create')?.args).toEqual({
      input: {
        name: 'NPO',
        short_name: 'NPO',
        chain_role: 'public_broadcaster',
        segment: '',
        production_types: ['series'],
        colour: '#0072b2',
        notes: '',
      },
    });
  });

  it('checks required fields before calling the core', async () => {
    const calls = fakeBackend({ open: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-parties'));
    await fireEvent.click(await screen.findByTestId('add-party'));
    await fireEvent.click(await screen.findByTestId('save'));
    expect(await screen.findByTestId('error')).toHaveTextContent('Vul dit veld in.');
    expect(calls.some((c) => c.cmd === 'party_create')).toBe(false);
  });

  it('ties a field error to its input by id, and the shared time-zone note to both time inputs', async () => {
    fakeBackend({ open: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-parties'));
    await fireEvent.click(await screen.findByTestId('add-party'));
    const partyDialog = await screen.findByRole('dialog');
    const name = within(partyDialog).getByLabelText('Naam');
    expect(name).toHaveAttribute('name', 'name');
    expect(name).toBeRequired();
    expect(name).toHaveAttribute('aria-invalid', 'false');
    expect(name).not.toHaveAttribute('aria-describedby');
    await fireEvent.click(within(partyDialog).getByTestId('save'));
    const error = await within(partyDialog).findByTestId('error');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAttribute('aria-describedby', error.id);
    expect(name).toHaveAccessibleDescription('Vul dit veld in.');
    await fireEvent.click(within(partyDialog).getByTestId('cancel'));

    await fireEvent.click(screen.getByTestId('nav-sessions'));
    await fireEvent.click(await screen.findByTestId('add-session'));
    const sessionDialog = await screen.findByRole('dialog');
    for (const label of ['Begintijd', 'Eindtijd']) {
      const input = within(sessionDialog).getByLabelText(label);
      expect(input).toHaveAttribute('type', 'time');
      expect(input).toHaveAccessibleDescription(expect.stringContaining('Amsterdam'));
    }
  });

  it('explains in words why a bouwsteen that holds topics cannot be deleted', async () => {
    fakeBackend({ open: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-bouwstenen'));
    const [row] = await screen.findAllByTestId('bouwsteen-row');
    await fireEvent.click(within(row).getByTestId('delete'));
    await fireEvent.click(await screen.findByTestId('confirm-delete'));
    await waitFor(() =>
      expect(screen.getByTestId('error')).toHaveTextContent('Deze bouwsteen bevat nog onderwerpen. Verplaats of verwijder die onderwerpen eerst.'),
    );
    expect(screen.getByTestId('error')).toHaveAttribute('role', 'alert');
  });

  it('moves a bouwsteen down with Alt+ArrowDown on its row and keeps the focus on it', async () => {
    const calls = fakeBackend({ open: true });
    render(App);
    await fireEvent.click(await screen.findByTestId('nav-bouwstenen'));
    const [first] = await screen.findAllByTestId('bouwsteen-row');
    const edit = within(first).getByTestId('edit');
    edit.focus();
    await fireEvent.keyDown(edit, { key: 'ArrowDown', altKey: true });
    await waitFor(() => expect(screen.getAllByTestId('bouwsteen-row')[1]).toHaveTextContent('Talent en vakmanschap'));
    expect(calls).toContainEqual({ cmd: 'bouwsteen_move', args: { id: 'b1', index: 1 } });
    await waitFor(() => expect(document.activeElement).toBe(within(screen.getAllByTestId('bouwsteen-row')[1]).getByTestId('edit')));
  });
});
