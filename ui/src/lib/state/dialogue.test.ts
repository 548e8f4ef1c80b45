import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { locale } from '$lib/i18n';
import { DialogueState } from './dialogue.svelte';
import { dialogueInfo, errorPayload, snapshot } from '../../test/fixtures';

type Handler = (args: Record<string, unknown>) => unknown;

/** Mocks the IPC with one handler per command and records every call. */
function backend(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const payload = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: payload });
    const handler = handlers[cmd];
    if (!handler) throw errorPayload('internal');
    return handler(payload);
  });
  return calls;
}

beforeEach(() => locale.set('nl'));
afterEach(() => clearMocks());

describe('DialogueState', () => {
  it('loads the start snapshot: language, open dialogue, recent files', async () => {
    const info = dialogueInfo();
    backend({
      app_snapshot: () =>
        snapshot({
          lang: 'en',
          dialogue: info,
          recent: [{ path: info.path, file_name: info.file_name, opened_at: '2025-03-01T09:00:00Z', exists: true }],
        }),
    });
    const state = new DialogueState();
    await state.load();
    expect(state.ready).toBe(true);
    expect(locale.current).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(state.info?.dialogue.title).toBe('Sectorplan audiovisueel');
    expect(state.recent).toHaveLength(1);
    expect(state.error).toBeNull();
  });

  it('shows why the last file could not be reopened', async () => {
    backend({ app_snapshot: () => snapshot({ reopen_error: errorPayload('file_not_found') }) });
    const state = new DialogueState();
    await state.load();
    expect(state.error?.code).toBe('file_not_found');
    expect(state.errorText).toBe(
      'De laatst geopende dialoog kon niet opnieuw worden geopend. Het bestand is niet gevonden. Misschien is het verplaatst of verwijderd.',
    );
  });

  it('opens a file picked in the native dialog', async () => {
    const info = dialogueInfo();
    const calls = backend({
      app_snapshot: () => snapshot({ dialogue: info }),
      pick_path: () => info.path,
      dialogue_open: () => info,
    });
    const state = new DialogueState();
    expect(await state.open()).toBe(true);
    expect(calls.map((c) => c.cmd)).toEqual(['pick_path', 'dialogue_open', 'app_snapshot']);
    expect(calls[0].args).toEqual({ purpose: 'open' });
    expect(calls[1].args).toEqual({ path: info.path });
    expect(state.info).toEqual(info);
    expect(state.generation).toBe(1);
  });

  it('does nothing when the file dialog is cancelled', async () => {
    const calls = backend({ pick_path: () => null });
    const state = new DialogueState();
    expect(await state.open()).toBe(false);
    expect(calls.map((c) => c.cmd)).toEqual(['pick_path']);
    expect(state.error).toBeNull();
  });

  it('translates not_a_dialogue in the current language', async () => {
    backend({ pick_path: () => '/tmp/holiday.jpg', dialogue_open: () => Promise.reject(errorPayload('not_a_dialogue')) });
    const state = new DialogueState();
    expect(await state.open()).toBe(false);
    expect(state.info).toBeNull();
    expect(state.error?.code).toBe('not_a_dialogue');
    expect(state.errorText).toBe('Dit bestand is geen Ketentafel-dialoog.');
    locale.set('en');
    expect(state.errorText).toBe('This file is not a Ketentafel dialogue.');
  });

  it('creates a new dialogue without demo data and saves a copy', async () => {
    const info = dialogueInfo();
    const calls = backend({
      app_snapshot: () => snapshot({ dialogue: info }),
      pick_path: (args) => (args.purpose === 'new' ? info.path : '/tmp/copy.ketentafel'),
      dialogue_new: () => info,
      dialogue_save_copy: () => null,
    });
    const state = new DialogueState();
    await state.newDialogue();
    expect(calls.find((c) => c.cmd === 'dialogue_new')?.args).toEqual({ path: info.path, demo: false });
    await state.saveCopy();
    expect(calls.find((c) => c.cmd === 'dialogue_save_copy')?.args).toEqual({ path: '/tmp/copy.ketentafel' });
    expect(state.notice).toBe('De kopie is opgeslagen als /tmp/copy.ketentafel.');
  });

  it('closes the dialogue and forgets a recent file', async () => {
    backend({
      app_snapshot: () => snapshot(),
      dialogue_open_demo: () => dialogueInfo(),
      dialogue_close: () => null,
      recent_forget: () => [],
    });
    const state = new DialogueState();
    await state.openDemo();
    expect(state.isOpen).toBe(true);
    await state.close();
    expect(state.isOpen).toBe(false);
    state.recent = [{ path: '/gone', file_name: 'gone', opened_at: '2025-03-01T09:00:00Z', exists: false }];
    await state.forget('/gone');
    expect(state.recent).toEqual([]);
  });
});
