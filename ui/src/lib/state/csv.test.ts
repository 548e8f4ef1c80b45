import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { ImportReport } from '$lib/ipc/bindings';
import { errorText, locale } from '$lib/i18n';
import { CsvState, importReportText } from './csv.svelte';
import { dialogue } from './dialogue.svelte';
import { bouwstenen } from './bouwstenen.svelte';
import { parties } from './parties.svelte';
import { topics } from './topics.svelte';
import { sessions } from './sessions.svelte';
import { dialogueInfo, party } from '../../test/fixtures';

type Handler = (args: Record<string, unknown>) => unknown;

/** Mocks the IPC with one handler per command and records every call. */
function backend(handlers: Record<string, Handler>) {
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

const report: ImportReport = { rows: 12, positions_written: 12, bouwstenen_created: 0, topics_created: 3, parties_created: 2, sessions_created: 1 };
const PATH = '/home/facilitator/standpunten.csv';

beforeEach(() => {
  locale.set('nl');
  dialogue.info = dialogueInfo();
  dialogue.clearMessages();
  for (const domain of [bouwstenen, topics, parties, sessions]) domain.reset();
});
afterEach(() => {
  clearMocks();
  dialogue.info = null;
});

describe('CSV import', () => {
  it('imports the picked file, reloads every list and the counts, and reports what it did', async () => {
    const calls = backend({
      pick_path: () => PATH,
      positions_import_csv: () => report,
      bouwsteen_list: () => [],
      topic_list: () => [],
      party_list: () => [party({ id: 'p-9', name: 'Nieuwe partij' })],
      session_list: () => [],
      dialogue_info: () => dialogueInfo({ counts: { ...dialogueInfo().counts, positions: 12 } }),
    });
    const state = new CsvState();
    expect(await state.importPositions()).toBe(true);

    expect(calls[0]).toEqual({ cmd: 'pick_path', args: { purpose: 'import_csv' } });
    expect(calls[1]).toEqual({ cmd: 'positions_import_csv', args: { path: PATH } });
    expect(calls.map((c) => c.cmd)).toEqual(
      expect.arrayContaining(['bouwsteen_list', 'topic_list', 'party_list', 'session_list', 'dialogue_info']),
    );
    expect(parties.items.map((p) => p.name)).toEqual(['Nieuwe partij']);
    expect(dialogue.info?.counts.positions).toBe(12);
    expect(dialogue.error).toBeNull();
    expect(dialogue.notice).toBe('12 standpunten geïmporteerd (3 nieuwe onderwerpen, 2 nieuwe partijen en 1 nieuwe sessie).');
    expect(state.busy).toBe(false);
  });

  it('exposes a failed import as import_failed with the core message as details, and reloads nothing', async () => {
    const message = 'Regel 4, kolom 3 (standpunt): ‘misschien’ is geen geldig standpunt.';
    const calls = backend({
      pick_path: () => PATH,
      positions_import_csv: () => Promise.reject({ code: 'import_failed', message, field: null }),
    });
    const state = new CsvState();
    expect(await state.importPositions()).toBe(false);
    expect(dialogue.error?.code).toBe('import_failed');
    expect(dialogue.error?.message).toBe(message);
    expect(dialogue.errorText).toBe(errorText({ code: 'import_failed' }));
    expect(dialogue.notice).toBeNull();
    expect(calls.map((c) => c.cmd)).toEqual(['pick_path', 'positions_import_csv']);
  });

  it('does nothing when the file dialog is cancelled', async () => {
    const calls = backend({ pick_path: () => null });
    const state = new CsvState();
    expect(await state.importPositions()).toBe(false);
    expect(calls.map((c) => c.cmd)).toEqual(['pick_path']);
    expect(dialogue.error).toBeNull();
    expect(dialogue.notice).toBeNull();
  });

  it('words the report with singulars and without an empty list of new items', () => {
    expect(importReportText({ rows: 1, positions_written: 1, bouwstenen_created: 0, topics_created: 0, parties_created: 0, sessions_created: 0 })).toBe(
      '1 standpunt geïmporteerd.',
    );
    locale.set('en');
    expect(importReportText({ ...report, bouwstenen_created: 1 })).toBe(
      '12 positions imported (1 new building block, 3 new topics, 2 new parties and 1 new session).',
    );
  });
});

describe('CSV export', () => {
  it('exports to the picked file and says how many positions it wrote', async () => {
    const calls = backend({ pick_path: () => PATH, positions_export_csv: () => 7 });
    const state = new CsvState();
    expect(await state.exportPositions()).toBe(true);
    expect(calls).toEqual([
      { cmd: 'pick_path', args: { purpose: 'export_csv' } },
      { cmd: 'positions_export_csv', args: { path: PATH } },
    ]);
    expect(dialogue.notice).toBe(`7 standpunten geëxporteerd naar ${PATH}.`);
  });
});

describe('bundle merge report', () => {
  it('sums what was added and updated, and names the differences', async () => {
    const { mergeReportText } = await import('./csv.svelte');
    const zero = { dialogue: 0, bouwstenen: 0, topics: 0, parties: 0, people: 0, sessions: 0, positions: 0, verdicts: 0, actions: 0, agenda_items: 0 };
    const text = mergeReportText({
      added: { ...zero, parties: 1, positions: 14 },
      updated: { ...zero, positions: 2 },
      kept: zero,
      conflicts: [{ entity: 'position', id: 'x', label: 'OVH — 2.2', kept: 'bundle', other_json: '{}' }],
    });
    expect(text).toBe(
      'Bundel samengevoegd: 15 toegevoegd, 2 bijgewerkt. 1 keer verschilden beide versies: de nieuwste is gehouden, de andere staat in het logboek.',
    );
  });
});
