import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Action, ActionInput, ActionStatus } from '$lib/ipc/bindings';
import { ActionState, isOverdue, localToday, overdueActions } from './actions.svelte';
import { errorPayload } from '../../test/fixtures';

afterEach(() => clearMocks());

const T = '2025-03-01T09:00:00Z';

function action(id: string, status: ActionStatus, due_date: string | null, title = id): Action {
  return { id, title, owner_party_id: null, topic_id: null, due_date, status, notes: '', created_at: T, updated_at: T };
}

describe('overdue actions', () => {
  const today = '2025-06-10';

  it('counts open and in-progress actions due before today', () => {
    expect(isOverdue(action('a', 'open', '2025-06-09'), today)).toBe(true);
    expect(isOverdue(action('b', 'in_progress', '2024-12-31'), today)).toBe(true);
  });

  it('never counts done or dropped actions, nor those due today, later or undated', () => {
    expect(isOverdue(action('c', 'done', '2025-01-01'), today)).toBe(false);
    expect(isOverdue(action('d', 'dropped', '2025-01-01'), today)).toBe(false);
    expect(isOverdue(action('e', 'open', today), today)).toBe(false);
    expect(isOverdue(action('f', 'open', '2025-06-11'), today)).toBe(false);
    expect(isOverdue(action('g', 'in_progress', null), today)).toBe(false);
  });

  it('filters a list, keeping its order', () => {
    const list = [action('a', 'open', '2025-06-01'), action('b', 'done', '2025-06-01'), action('c', 'in_progress', '2025-05-01'), action('d', 'open', null)];
    expect(overdueActions(list, today).map((a) => a.id)).toEqual(['a', 'c']);
  });

  it('takes today from the local calendar', () => {
    expect(localToday(new Date(2025, 0, 5, 23, 30))).toBe('2025-01-05');
  });
});

describe('ActionState', () => {
  it('creates an action with action_create and the input as given, sorted by due date', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'action_list') return [action('a-1', 'open', '2025-09-01', 'Later')];
      if (cmd === 'action_create') return { ...action('a-2', 'open', null), ...(args as { input: ActionInput }).input };
      throw errorPayload('internal');
    });
    const state = new ActionState();
    await state.load();
    const input: ActionInput = {
      title: 'Notitie talentontwikkeling rondsturen',
      owner_party_id: 'p-1',
      topic_id: 't-1',
      due_date: '2025-07-01',
      status: 'in_progress',
      notes: 'Voor de NFF-sessie',
    };
    await state.create(input);
    expect(calls.at(-1)).toEqual(['action_create', { input }]);
    expect(state.items.map((a) => a.title)).toEqual(['Notitie talentontwikkeling rondsturen', 'Later']);
  });

  it('updates with action_update and deletes with action_delete', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'action_list') return [action('a-1', 'open', null)];
      if (cmd === 'action_update') return { ...action('a-1', 'open', null), ...(args as { input: ActionInput }).input };
      if (cmd === 'action_delete') return null;
      throw errorPayload('internal');
    });
    const state = new ActionState();
    await state.load();
    const input: ActionInput = { title: 'Klaar', owner_party_id: null, topic_id: null, due_date: null, status: 'done', notes: '' };
    await state.save('a-1', input);
    expect(calls.at(-1)).toEqual(['action_update', { id: 'a-1', input }]);
    await state.remove('a-1');
    expect(calls.at(-1)).toEqual(['action_delete', { id: 'a-1' }]);
    expect(state.items).toEqual([]);
  });
});
