import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Agenda, AgendaItem, Session } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { AgendaState, defaultSession } from './agenda.svelte';

const T = '2022-09-26T12:00:00Z';
const session = (id: string, starts: string): Session => ({
  id,
  title: id,
  kind: 'nff',
  starts_at: starts,
  ends_at: starts,
  location: '',
  notes: '',
  attendee_ids: [],
  created_at: T,
  updated_at: T,
});
const item = (id: string, position: number): AgendaItem => ({
  id,
  session_id: 's1',
  position,
  kind: 'other',
  topic_id: null,
  title: `Onderdeel ${id}`,
  question: '',
  minutes: 10,
  party_ids: [],
  created_at: T,
  updated_at: T,
});
const agendaOf = (ids: string[]): Agenda => ({
  session: session('s1', T),
  slots: ids.map((id, i) => ({ item: item(id, i), starts_at: T, ends_at: T })),
  total_minutes: ids.length * 10,
  session_minutes: 120,
});

let calls: [string, Record<string, unknown>][] = [];
beforeEach(() => {
  locale.set('nl');
  calls = [];
});
afterEach(() => clearMocks());

function backend(pick: string | null) {
  let order = ['a', 'b', 'c'];
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push([cmd, args]);
    switch (cmd) {
      case 'agenda_get':
        return agendaOf(order);
      case 'agenda_item_move': {
        const id = args.id as string;
        order = order.filter((x) => x !== id);
        order.splice(args.index as number, 0, id);
        return agendaOf(order);
      }
      case 'pick_path':
        return pick;
      case 'agenda_export':
        return null;
      case 'agenda_draft':
        throw { code: 'invalid_input', message: 'invalid max_minutes: must be at least the minimum', field: 'max_minutes' };
      default:
        throw { code: 'internal', message: cmd, field: null };
    }
  });
}

describe('agenda state', () => {
  it('takes the next session to start, else the latest', () => {
    const s = [session('past', '2020-01-01T10:00:00Z'), session('next', '2030-01-01T10:00:00Z'), session('later', '2031-01-01T10:00:00Z')];
    expect(defaultSession(s, Date.parse('2026-01-01'))?.id).toBe('next');
    expect(defaultSession(s, Date.parse('2032-01-01'))?.id).toBe('later');
    expect(defaultSession([])).toBeNull();
  });

  it('moves an item through the core and says where it went; out of range does nothing', async () => {
    backend(null);
    const a = new AgendaState();
    await a.load('s1');
    expect(await a.move('c', 0)).toBe(true);
    expect(a.agenda?.slots.map((s) => s.item.id)).toEqual(['c', 'a', 'b']);
    expect(a.notice).toBe('Onderdeel c staat nu op plaats 1.');
    const before = calls.length;
    expect(await a.move('a', 3)).toBe(false);
    expect(await a.move('a', -1)).toBe(false);
    expect(calls.length).toBe(before);
  });

  it('exports to the picked path, and a cancelled pick is no error', async () => {
    backend('/tmp/agenda.md');
    const a = new AgendaState();
    await a.load('s1');
    expect(await a.export('md')).toBe(true);
    expect(calls).toContainEqual(['agenda_export', { session_id: 's1', format: 'md', path: '/tmp/agenda.md' }]);
    expect(calls).toContainEqual(['pick_path', { purpose: 'export_markdown' }]);
    backend(null);
    expect(await a.export('ics')).toBe(false);
    expect(a.error).toBeNull();
  });

  it('keeps a refused draft as an error with its code', async () => {
    backend(null);
    const a = new AgendaState();
    await a.load('s1');
    expect(await a.draft({ total_minutes: 60, breaks: 0, break_minutes: 15, min_minutes: 30, max_minutes: 20, bouwsteen_ids: [], max_panel: 4, welcome_minutes: 10, wrap_up_minutes: 10 })).toBe(false);
    expect(a.error?.code).toBe('invalid_input');
    expect(a.agenda?.slots).toHaveLength(3);
  });
});

describe('agenda operations in a row', () => {
  it('runs an export asked for during a move after it, instead of dropping it', async () => {
    backend('/tmp/agenda.md');
    const a = new AgendaState();
    await a.load('s1');
    const moving = a.move('c', 0);
    const exporting = a.export('md');
    expect(await moving).toBe(true);
    expect(await exporting).toBe(true);
    const order = calls.map(([cmd]) => cmd).filter((c) => c !== 'agenda_get');
    expect(order).toEqual(['agenda_item_move', 'pick_path', 'agenda_export']);
  });
});
