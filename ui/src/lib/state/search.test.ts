import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Bouwsteen, SearchHit } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import MarkedText from '$lib/components/search/MarkedText.svelte';
import { groupHits, SearchState, splitSnippet } from './search.svelte';

beforeEach(() => locale.set('nl'));
afterEach(() => clearMocks());

const T = '2025-03-01T09:00:00Z';
const S = '\uE000';
const E = '\uE001';

function bouwsteen(id: string, position: number): Bouwsteen {
  return { id, position, name: id, description: '', created_at: T, updated_at: T };
}

function hit(snippet: string, bouwsteen_id: string | null): SearchHit {
  return { kind: 'rationale', topic_id: null, bouwsteen_id, party_id: null, session_id: null, action_id: null, snippet };
}

describe('splitSnippet', () => {
  it('splits on the private-use marks into plain and marked parts', () => {
    expect(splitSnippet(`Het ${S}café${E} aan de ${S}gracht${E}.`)).toEqual([
      { text: 'Het ', marked: false },
      { text: 'café', marked: true },
      { text: ' aan de ', marked: false },
      { text: 'gracht', marked: true },
      { text: '.', marked: false },
    ]);
  });

  it('copes with no marks, adjacent marks and an unclosed mark', () => {
    expect(splitSnippet('geen treffer')).toEqual([{ text: 'geen treffer', marked: false }]);
    expect(splitSnippet(`${S}a${E}${S}b${E}`)).toEqual([
      { text: 'a', marked: true },
      { text: 'b', marked: true },
    ]);
    expect(splitSnippet(`x ${S}y`)).toEqual([
      { text: 'x ', marked: false },
      { text: 'y', marked: true },
    ]);
    expect(splitSnippet('')).toEqual([]);
  });

  it('renders marked words in <mark> and HTML in a snippet as text only', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { container } = render(MarkedText, { text: `voor ${S}${evil}${E} en <b>vet</b>` });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    const marks = container.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0].textContent).toBe(evil);
    expect(container.textContent).toBe(`voor ${evil} en <b>vet</b>`);
  });
});

describe('groupHits', () => {
  it('groups hits by bouwsteen in bouwsteen order, "Overig" (no or unknown bouwsteen) last', () => {
    const hits = [hit('1', 'b2'), hit('2', null), hit('3', 'b1'), hit('4', 'b2'), hit('5', 'gone')];
    const groups = groupHits(hits, [bouwsteen('b2', 2), bouwsteen('b1', 1), bouwsteen('b3', 3)]);
    expect(groups.map((g) => [g.bouwsteen?.id ?? null, g.hits.map((h) => h.snippet)])).toEqual([
      ['b1', ['3']],
      ['b2', ['1', '4']],
      [null, ['2', '5']],
    ]);
  });
});

describe('SearchState', () => {
  it('sends the trimmed query to search and keeps only the newest answer', async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return [hit(`${S}cafe${E}`, null)];
    });
    const state = new SearchState();
    state.query = '  cafe ';
    await state.run();
    expect(calls).toEqual([['search', { query: 'cafe' }]]);
    expect(state.searched).toBe('cafe');
    expect(state.hits).toHaveLength(1);

    state.query = '   ';
    await state.run();
    expect(calls).toHaveLength(1);
    expect(state.searched).toBeNull();
    expect(state.hits).toEqual([]);
  });

  it('waits for a pause in typing before searching', async () => {
    const calls: string[] = [];
    mockIPC((_cmd, args) => {
      calls.push((args as { query: string }).query);
      return [];
    });
    const state = new SearchState();
    state.query = 'ca';
    state.schedule(20);
    state.query = 'caf';
    state.schedule(20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toEqual(['caf']);
  });
});
