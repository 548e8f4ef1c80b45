import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Bouwsteen, PartyInput, Topic } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { PartyState, PARTY_PALETTE } from './parties.svelte';
import { BouwsteenState } from './bouwstenen.svelte';
import { groupTopics, topicMatches } from './topics.svelte';
import { errorPayload, party } from '../../test/fixtures';

beforeEach(() => locale.set('nl'));
afterEach(() => clearMocks());

const T = '2025-03-01T09:00:00Z';

function bouwsteen(id: string, position: number, name = id): Bouwsteen {
  return { id, position, name, description: '', created_at: T, updated_at: T };
}

function topic(id: string, bouwsteen_id: string, code: string, title = id): Topic {
  return { id, bouwsteen_id, code, kind: 'bottleneck', title, description: '', priority: 2, production_types: [], created_at: T, updated_at: T };
}

describe('PartyState', () => {
  it('creates a party with party_create and the list updates, sorted by name', async () => {
    const calls: [string, unknown][] = [];
    const existing = party({ id: 'p-2', name: 'Stichting Bioscopen', chain_role: 'cinema' });
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'party_list') return [existing];
      if (cmd === 'party_create') return party({ id: 'p-3', ...(args as { input: PartyInput }).input });
      throw errorPayload('internal');
    });
    const state = new PartyState();
    await state.load();
    const input: PartyInput = {
      name: 'NPO',
      short_name: 'NPO',
      chain_role: 'public_broadcaster',
      production_types: ['series', 'documentary'],
      colour: '#e69f00',
      notes: '',
    };
    await state.create(input);
    expect(calls.at(-1)).toEqual(['party_create', { input }]);
    expect(state.items.map((p) => p.name)).toEqual(['NPO', 'Stichting Bioscopen']);
  });

  it('rejects with the IpcError when the name is taken, and keeps the list', async () => {
    mockIPC(() => Promise.reject(errorPayload('conflict', 'name')));
    const state = new PartyState();
    const error = await state.create({ name: 'NPO', short_name: '', chain_role: 'other', production_types: [], colour: '#000000', notes: '' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', field: 'name' });
    expect(state.items).toEqual([]);
  });

  it('saves by updating the item with the given id, or by creating one without an id', async () => {
    const calls: [string, unknown][] = [];
    const existing = party({ id: 'p-1', name: 'NAPA' });
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      const input = (args as { input: PartyInput }).input;
      if (cmd === 'party_list') return [existing];
      if (cmd === 'party_update') return party({ id: 'p-1', ...input });
      if (cmd === 'party_create') return party({ id: 'p-2', ...input });
      throw errorPayload('internal');
    });
    const state = new PartyState();
    await state.load();
    const input: PartyInput = { name: 'Alliantie', short_name: '', chain_role: 'producer', production_types: [], colour: '#000000', notes: '' };
    await state.save('p-1', input);
    expect(calls.at(-1)).toEqual(['party_update', { id: 'p-1', input }]);
    await state.save(undefined, { ...input, name: 'NPO' });
    expect(calls.at(-1)).toEqual(['party_create', { input: { ...input, name: 'NPO' } }]);
    expect(state.items.map((p) => [p.id, p.name])).toEqual([
      ['p-1', 'Alliantie'],
      ['p-2', 'NPO'],
    ]);
  });

  it('suggests the first unused colour of the colour-blind-safe palette', async () => {
    mockIPC(() => [party({ colour: PARTY_PALETTE[0] })]);
    const state = new PartyState();
    await state.load();
    expect(state.nextColour()).toBe(PARTY_PALETTE[1]);
  });
});

describe('BouwsteenState', () => {
  it('moves with a 0-based index and takes the order the core returns', async () => {
    const calls: [string, unknown][] = [];
    const list = [bouwsteen('a', 1), bouwsteen('b', 2), bouwsteen('c', 3)];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === 'bouwsteen_list') return list;
      if (cmd === 'bouwsteen_move') return [bouwsteen('b', 1), bouwsteen('a', 2), bouwsteen('c', 3)];
      return null;
    });
    const state = new BouwsteenState();
    await state.load();
    expect(await state.move('b', 0)).toBe(true);
    expect(calls.at(-1)).toEqual(['bouwsteen_move', { id: 'b', index: 0 }]);
    expect(state.items.map((b) => b.id)).toEqual(['b', 'a', 'c']);
    expect(await state.move('c', 3)).toBe(false); // past the end: not sent
    expect(calls).toHaveLength(2);
  });

  it('rejects a delete with in_use and keeps the bouwsteen', async () => {
    mockIPC((cmd) => (cmd === 'bouwsteen_list' ? [bouwsteen('a', 1)] : Promise.reject(errorPayload('in_use'))));
    const state = new BouwsteenState();
    await state.load();
    await expect(state.remove('a')).rejects.toMatchObject({ code: 'in_use' });
    expect(state.items).toHaveLength(1);
  });
});

describe('topic grouping', () => {
  it('groups in bouwsteen order and sorts codes numerically', () => {
    const groups = groupTopics(
      [topic('t1', 'b2', '2.10'), topic('t2', 'b1', '1.1'), topic('t3', 'b2', '2.9'), topic('t4', 'x', '9.1')],
      [bouwsteen('b1', 1), bouwsteen('b2', 2)],
    );
    expect(groups.map((g) => g.bouwsteen?.id ?? null)).toEqual(['b1', 'b2', null]);
    expect(groups[1].topics.map((t) => t.code)).toEqual(['2.10', '2.9']); // input order; the state sorts
  });

  it('filters on code, title and description, case-insensitively', () => {
    const t = { ...topic('t', 'b', '3.2', 'Talentontwikkeling'), description: 'Opleidingen voor makers' };
    expect(topicMatches(t, '3.2')).toBe(true);
    expect(topicMatches(t, 'TALENT')).toBe(true);
    expect(topicMatches(t, 'makers')).toBe(true);
    expect(topicMatches(t, 'bioscoop')).toBe(false);
  });
});
