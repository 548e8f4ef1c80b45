// "Bestand → Back-up terugzetten…" through the whole window, with the IPC mocked: the list,
// the choice, the confirmation, the restore and its errors by code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { BackupList, ErrorCode } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { dialogue } from '$lib/state/dialogue.svelte';
import { backups } from '$lib/state/backups.svelte';
import App from '../App.svelte';
import { dialogueInfo, errorPayload, snapshot } from '../test/fixtures';

const counts = (parties: number, topics: number, positions: number) => ({
  bouwstenen: 4,
  topics,
  parties,
  people: 0,
  sessions: 1,
  positions,
  verdicts: 0,
  actions: 0,
});

const LIST: BackupList = {
  folder: '/home/facilitator/.local/share/nl.ketentafel.app/backups/sectorplan-0123456789abcdef',
  keep: 10,
  backups: [
    { id: '20250301T101500.000Z.ketentafel', taken_at: '2025-03-01T10:15:00Z', size: 2_400_000, counts: counts(14, 22, 462) },
    { id: '20250301T090000.000Z.ketentafel', taken_at: '2025-03-01T09:00:00Z', size: 1_200_000, counts: counts(12, 20, 300) },
    { id: '20250228T090000.000Z.ketentafel', taken_at: '2025-02-28T09:00:00Z', size: 4096, counts: null },
  ],
};

function backend(options: { list?: () => BackupList; restore?: (id: string) => unknown; lang?: 'nl' | 'en' } = {}) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  const info = dialogueInfo();
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'app_snapshot':
        return snapshot({ dialogue: info, lang: options.lang ?? 'nl' });
      case 'backup_list':
        return (options.list ?? (() => LIST))();
      case 'backup_restore':
        return (options.restore ?? (() => dialogueInfo({ counts: counts(12, 20, 300) })))(args.id as string);
      case 'dialogue_info':
      case 'dialogue_ready':
      case 'dialogue_checked':
        return info;
      case 'bouwsteen_list':
      case 'verdict_list':
      case 'topic_list':
      case 'party_list':
      case 'session_list':
      case 'action_list':
      case 'person_list':
        return [];
      default:
        unexpected.push(cmd);
        throw errorPayload('internal');
    }
  });
  return calls;
}

const unexpected: string[] = [];

async function openDialog() {
  render(App);
  await fireEvent.click(await screen.findByTestId('menu-file'));
  await fireEvent.click(screen.getByTestId('menu-restore-backup'));
  return screen.findByRole('dialog', { name: 'Back-up terugzetten' });
}

beforeEach(() => {
  locale.set('nl');
  dialogue.info = null;
  dialogue.clearMessages();
  backups.open = false;
});
afterEach(() => {
  clearMocks();
  expect(unexpected.splice(0)).toEqual([]);
});

describe('Back-up terugzetten', () => {
  it('lists the backups newest first with time, counts and size, and says where they are kept', async () => {
    backend();
    const dialog = await openDialog();
    const table = await within(dialog).findByTestId('backup-list');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('1 mrt 2025');
    expect(rows[0]).toHaveTextContent('11:15');
    expect(rows[0]).toHaveTextContent('462');
    expect(rows[0]).toHaveTextContent('2,4 MB');
    expect(rows[2]).toHaveTextContent('onleesbaar');
    expect(within(rows[2]).getByRole('radio')).toBeDisabled();
    expect(within(dialog).getByTestId('backup-intro')).toHaveTextContent('de laatste 10, in /home/facilitator/');
    expect(within(dialog).getByTestId('backup-restore')).toBeDisabled();
  });

  it('restores the chosen backup only after the confirmation, then reloads the dialogue', async () => {
    const calls = backend();
    const dialog = await openDialog();
    await within(dialog).findByTestId('backup-list');
    const generation = dialogue.generation;
    await fireEvent.click(within(dialog).getByLabelText('1 mrt 2025, 10:00'));
    await fireEvent.click(within(dialog).getByTestId('backup-restore'));
    const confirm = await screen.findByRole('dialog', { name: 'Deze back-up terugzetten?' });
    expect(within(confirm).getByTestId('backup-confirm-text')).toHaveTextContent(
      'De dialoog wordt teruggezet naar de stand van 1 mrt 2025, 10:00. De huidige stand wordt eerst zelf als back-up bewaard',
    );
    expect(calls.some((c) => c.cmd === 'backup_restore')).toBe(false);
    await fireEvent.click(within(confirm).getByTestId('backup-confirm'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.filter((c) => c.cmd === 'backup_restore').map((c) => c.args)).toEqual([
      { id: '20250301T090000.000Z.ketentafel' },
    ]);
    expect(dialogue.generation).toBe(generation + 1);
    expect(dialogue.info?.counts.parties).toBe(12);
    expect(await screen.findByTestId('notice')).toHaveTextContent('De back-up van 1 mrt 2025, 10:00 is teruggezet.');
  });

  it('cancelling the confirmation goes back to the list without restoring', async () => {
    const calls = backend();
    const dialog = await openDialog();
    await within(dialog).findByTestId('backup-list');
    await fireEvent.click(within(dialog).getAllByTestId('backup-option')[0]);
    expect(within(dialog).getByTestId('backup-restore')).not.toHaveFocus();
    await fireEvent.click(within(dialog).getByTestId('backup-restore'));
    const confirm = await screen.findByRole('dialog', { name: 'Deze back-up terugzetten?' });
    expect(within(confirm).getByTestId('cancel')).toHaveFocus();
    await fireEvent.click(within(confirm).getByTestId('cancel'));
    expect(await screen.findByTestId('backup-list')).toBeInTheDocument();
    expect(screen.getByTestId('backup-restore')).toHaveFocus();
    expect(calls.some((c) => c.cmd === 'backup_restore')).toBe(false);
  });

  it.each<[ErrorCode, string]>([
    ['read_only', 'Dit bestand is alleen-lezen'],
    ['disk_full', 'De schijf is vol'],
    ['file_gone', 'Het bestand is verplaatst of verwijderd'],
    ['corrupt', 'Dit bestand is beschadigd'],
  ])('shows a failed restore (%s) in the dialog and keeps it open', async (code, text) => {
    backend({
      restore: () => {
        throw errorPayload(code);
      },
    });
    const dialog = await openDialog();
    await within(dialog).findByTestId('backup-list');
    await fireEvent.click(within(dialog).getAllByTestId('backup-option')[0]);
    await fireEvent.click(within(dialog).getByTestId('backup-restore'));
    await fireEvent.click(await screen.findByTestId('backup-confirm'));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(alert).toHaveTextContent(text);
    expect(alert).toHaveTextContent(`technical detail for ${code}`);
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('says so when there are no backups yet, and when the list cannot be read', async () => {
    backend({ list: () => ({ ...LIST, backups: [] }) });
    let dialog = await openDialog();
    expect(await within(dialog).findByTestId('backup-empty')).toHaveTextContent('nog geen back-ups');
    await fireEvent.click(within(dialog).getByTestId('cancel'));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    clearMocks();
    backend({
      list: () => {
        throw errorPayload('io');
      },
    });
    await fireEvent.click(screen.getByTestId('menu-file'));
    await fireEvent.click(screen.getByTestId('menu-restore-backup'));
    dialog = await screen.findByRole('dialog', { name: 'Back-up terugzetten' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('kon niet worden gelezen of geschreven');
  });

  it('speaks English when the interface does', async () => {
    backend({ lang: 'en' });
    render(App);
    await fireEvent.click(await screen.findByTestId('menu-file'));
    expect(screen.getByTestId('menu-restore-backup')).toHaveTextContent('Restore from backup…');
  });
});

describe('read-only file', () => {
  it('says so above every section', async () => {
    mockIPC((cmd) => {
      if (cmd === 'app_snapshot') return snapshot({ dialogue: dialogueInfo({ read_only: true }) });
      if (cmd.endsWith('_list')) return [];
      throw errorPayload('internal');
    });
    render(App);
    expect(await screen.findByText(/Alleen-lezen: dit bestand kan niet worden gewijzigd/)).toBeInTheDocument();
  });
});
