// The "Standpuntenkaart": virtualised at 1,000 × 200, fetched by tiles, one tab stop with
// arrow keys, a detail card per cell, and headers that open the topic page or party profile.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { CellDetail, ChainRole, HeatmapLayout, PartyRef, Position } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { dialogue } from '$lib/state/dialogue.svelte';
import { ui } from '$lib/state/ui.svelte';
import Heatmap from './Heatmap.svelte';

const ROLES: ChainRole[] = ['producer', 'maker', 'public_broadcaster', 'commercial_broadcaster', 'streamer', 'distributor', 'cinema', 'fund', 'festival', 'training'];
/** Every kind of code: stances, conditional stances (+10), no position (3), nothing (4). */
const CODES = [2, 1, 0, -1, -2, 3, 4, 11, 9];
const codeOf = (row: number, column: number) => CODES[(row * 7 + column * 3) % CODES.length];

function bigLayout(topics: number, parties: number): HeatmapLayout {
  const perBouwsteen = Math.ceil(topics / 4);
  return {
    rows: Array.from({ length: topics }, (_, i) => {
      const b = Math.floor(i / perBouwsteen);
      return { topic_id: `t${i}`, code: `${b + 1}.${(i % perBouwsteen) + 1}`, title: `Onderwerp ${i}`, bouwsteen_id: `b${b}`, bouwsteen: `Bouwsteen ${b + 1}` };
    }),
    columns: Array.from({ length: parties }, (_, i): PartyRef => ({
      id: `p${i}`,
      name: `Partij nummer ${i}`,
      short_name: `P${i}`,
      chain_role: ROLES[Math.floor(i / Math.ceil(parties / ROLES.length))] ?? 'other',
      segment: '',
    })),
  };
}

function position(topicId: string, partyId: string, stance: number | null, rationale: string, condition = ''): Position {
  return { id: `${topicId}-${partyId}`, topic_id: topicId, party_id: partyId, session_id: 's1', stance, rationale, condition, quote: '', recorded_at: '2025-06-01T10:00:00Z', recorded_by: '' };
}

interface Backend {
  layout: HeatmapLayout;
  code: (row: number, column: number) => number;
}

/** A fake core over `layout`: windows clipped as the core clips them, cells explained. */
function fakeBackend({ layout, code }: Backend) {
  const windows: { row: number; column: number; rows: number; columns: number }[] = [];
  const cells: { topic_id: string; party_id: string }[] = [];
  let layouts = 0;
  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    switch (cmd) {
      case 'heatmap_layout':
        layouts += 1;
        return layout;
      case 'heatmap_window': {
        const { row, column, rows, columns } = args as { row: number; column: number; rows: number; columns: number };
        windows.push({ row, column, rows, columns });
        if (rows * columns > 100_000) throw { code: 'invalid_input', message: 'at most 100000 cells at a time', field: 'rows' };
        const r0 = Math.min(row, layout.rows.length);
        const c0 = Math.min(column, layout.columns.length);
        const r1 = Math.min(r0 + rows, layout.rows.length);
        const c1 = Math.min(c0 + columns, layout.columns.length);
        const out: number[] = [];
        for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) out.push(code(r, c));
        return { row: r0, column: c0, rows: r1 - r0, columns: c1 - c0, cells: out };
      }
      case 'heatmap_cell': {
        const { topic_id, party_id } = args as { topic_id: string; party_id: string };
        cells.push({ topic_id, party_id });
        const r = layout.rows.findIndex((row) => row.topic_id === topic_id);
        const c = layout.columns.findIndex((party) => party.id === party_id);
        const value = code(r, c);
        if (value === 4) return { position: null, session_title: '', history: [] } satisfies CellDetail;
        const conditional = value >= 8;
        const stance = value === 3 ? null : conditional ? value - 10 : value;
        const p = position(topic_id, party_id, stance, `Toelichting ${r}/${c}`, conditional ? `de rechten na vijf jaar terugkeren` : '');
        return { position: p, session_title: 'Werkgroep 3', history: [{ session_id: 's1', session_title: 'Werkgroep 3', session_starts_at: '2025-06-01T09:00:00Z', position: p, earlier: [] }] } satisfies CellDetail;
      }
      default:
        throw { code: 'internal', message: `unexpected ${cmd}`, field: null };
    }
  });
  return { windows, cells, layouts: () => layouts };
}

const cellAt = (row: number, column: number) => document.querySelector<HTMLElement>(`[data-testid="heatmap-cell"][data-row="${row}"][data-col="${column}"]`);
const renderedRows = () => [...new Set(screen.getAllByTestId('heatmap-cell').map((el) => Number(el.dataset.row)))];
const viewportOf = () => screen.getByTestId('heatmap').querySelector<HTMLElement>('[data-scroll]')!;

beforeEach(() => {
  locale.set('nl');
  ui.closeDetail();
});
afterEach(() => clearMocks());

describe('Heatmap at sector scale', () => {
  it('renders only the cells in view and fetches them in bounded tiles, never the whole grid', async () => {
    const backend = fakeBackend({ layout: bigLayout(1000, 200), code: codeOf });
    render(Heatmap);
    await waitFor(() => expect(cellAt(0, 0)).toHaveAttribute('data-code', String(codeOf(0, 0))));
    await waitFor(() => expect(cellAt(3, 5)).toHaveAttribute('data-code', String(codeOf(3, 5))));

    const cells = screen.getAllByTestId('heatmap-cell');
    expect(cells.length).toBeGreaterThan(50);
    expect(cells.length).toBeLessThan(1500);
    expect(screen.getAllByTestId('heatmap-row-header').length).toBeLessThan(60);
    expect(screen.getAllByTestId('heatmap-col-header').length).toBeLessThan(60);

    expect(backend.windows.length).toBeGreaterThan(0);
    expect(backend.windows.length).toBeLessThan(10);
    for (const w of backend.windows) {
      expect(w.rows * w.columns).toBeLessThanOrEqual(50 * 25);
      expect(w.row + w.rows).toBeLessThanOrEqual(1000);
      expect(w.column + w.columns).toBeLessThanOrEqual(200);
    }
    const fetched = backend.windows.reduce((sum, w) => sum + w.rows * w.columns, 0);
    expect(fetched).toBeLessThan(1000 * 200 / 10);

    const grid = screen.getByRole('grid');
    expect(grid).toHaveAttribute('aria-rowcount', '1001');
    expect(grid).toHaveAttribute('aria-colcount', '201');
  });

  it('brings in new rows when scrolled, and asks for their tiles only', async () => {
    const backend = fakeBackend({ layout: bigLayout(1000, 200), code: codeOf });
    render(Heatmap);
    await waitFor(() => expect(cellAt(0, 0)).toHaveAttribute('data-code'));
    const before = backend.windows.length;

    const viewport = viewportOf();
    viewport.scrollTop = 20_000;
    await fireEvent.scroll(viewport);

    await waitFor(() => expect(Math.max(...renderedRows())).toBeGreaterThan(500));
    const rows = renderedRows();
    // Only the focused row (0) stays behind; the rest moved on.
    expect(rows.filter((r) => r > 0 && r < 400)).toEqual([]);
    const far = rows.find((r) => r > 500)!;
    await waitFor(() => expect(cellAt(far, 2)).toHaveAttribute('data-code', String(codeOf(far, 2))));
    const added = backend.windows.slice(before);
    expect(added.length).toBeGreaterThan(0);
    for (const w of added) expect(w.row).toBeGreaterThanOrEqual(450);

    viewport.scrollLeft = 5_000;
    await fireEvent.scroll(viewport);
    await waitFor(() => expect(screen.getAllByTestId('heatmap-col-header').some((h) => Number(h.dataset.col) > 140)).toBe(true));
    expect(screen.getAllByTestId('heatmap-cell').length).toBeLessThan(1500);
  });

  it('is one tab stop, and the arrow keys, PageDown and End move the focus and scroll to it', async () => {
    fakeBackend({ layout: bigLayout(1000, 200), code: codeOf });
    render(Heatmap);
    await waitFor(() => expect(cellAt(0, 0)).toHaveAttribute('data-code'));
    const grid = screen.getByRole('grid');
    const stops = grid.querySelectorAll('[tabindex="0"]');
    expect(stops).toHaveLength(1);
    expect(stops[0]).toBe(cellAt(0, 0));

    cellAt(0, 0)!.focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(cellAt(0, 1)));
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toBe(cellAt(1, 1)));
    expect(cellAt(0, 1)).toHaveAttribute('tabindex', '-1');
    expect(cellAt(1, 1)).toHaveAttribute('tabindex', '0');

    await fireEvent.keyDown(document.activeElement!, { key: 'PageDown' });
    await waitFor(() => expect(Number((document.activeElement as HTMLElement).dataset.row)).toBeGreaterThan(5));

    await fireEvent.keyDown(document.activeElement!, { key: 'End', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(cellAt(999, 199)));
    const viewport = viewportOf();
    expect(viewport.scrollTop).toBeGreaterThan(20_000);
    expect(viewport.scrollLeft).toBeGreaterThan(5_000);
    // The cell scrolled into view gets its code too.
    await waitFor(() => expect(cellAt(999, 199)).toHaveAttribute('data-code', String(codeOf(999, 199))));

    await fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    await waitFor(() => expect(document.activeElement).toHaveAttribute('data-testid', 'heatmap-row-header'));
    expect(document.activeElement).toHaveAttribute('data-row', '999');
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
  });

  it('shows the detail card from heatmap_cell, debounced so that only the latest cell is asked for', async () => {
    const backend = fakeBackend({ layout: bigLayout(1000, 200), code: codeOf });
    render(Heatmap);
    await waitFor(() => expect(cellAt(0, 0)).toHaveAttribute('data-code'));
    // (1, 0) holds 11: "voor, mits …"; (0, 1) holds −1.
    expect(codeOf(1, 0)).toBe(11);
    cellAt(0, 1)!.focus();
    cellAt(1, 0)!.focus();

    const card = screen.getByTestId('heatmap-detail');
    await within(card).findByText('Toelichting 1/0');
    expect(card).toHaveTextContent('mits de rechten na vijf jaar terugkeren');
    expect(card).toHaveTextContent('Partij nummer 0');
    expect(card).toHaveTextContent('1.2 Onderwerp 1');
    expect(card).toHaveTextContent('voor');
    expect(card).toHaveTextContent('Sessie: Werkgroep 3');
    expect(backend.cells).toEqual([{ topic_id: 't1', party_id: 'p0' }]);

    await fireEvent.pointerOver(cellAt(2, 3)!);
    await within(card).findByText('Toelichting 2/3');
  });
});

describe('Heatmap headers and words', () => {
  const small: HeatmapLayout = {
    rows: [
      { topic_id: 'tA', code: '2.3', title: 'Rechten', bouwsteen_id: 'b2', bouwsteen: 'Ontwikkeling en productie' },
      { topic_id: 'tB', code: '4.1', title: 'Zichtbaarheid in het buitenland', bouwsteen_id: 'b4', bouwsteen: 'Zichtbaarheid' },
    ],
    columns: [
      { id: 'pA', name: 'Producentenalliantie', short_name: 'NAPA', chain_role: 'producer', segment: '' },
      { id: 'pB', name: 'Omroep B', short_name: '', chain_role: 'public_broadcaster', segment: '' },
    ],
  };
  const codes = [
    [2, 9],
    [3, 4],
  ];

  it('names each cell in words, with the sign, the condition mark and a group per bouwsteen and chain role', async () => {
    fakeBackend({ layout: small, code: (r, c) => codes[r][c] });
    render(Heatmap);
    await waitFor(() => expect(cellAt(0, 1)).toHaveAttribute('data-code', '9'));
    expect(cellAt(0, 1)).toHaveAccessibleName('Omroep B, 2.3 Rechten: tegen −, mits …');
    expect(cellAt(0, 1)).toHaveTextContent('−');
    expect(cellAt(0, 1)).toHaveClass('min1', 'conditional');
    expect(cellAt(0, 0)).toHaveAccessibleName('NAPA, 2.3 Rechten: sterk voor ++');
    expect(cellAt(0, 0)).toHaveTextContent('++');
    expect(cellAt(1, 0)).toHaveAccessibleName('NAPA, 4.1 Zichtbaarheid in het buitenland: geen standpunt');
    expect(cellAt(1, 0)).toHaveTextContent('∅');
    expect(cellAt(1, 1)).toHaveAccessibleName('Omroep B, 4.1 Zichtbaarheid in het buitenland: niet vastgelegd');
    expect(cellAt(1, 1)!.textContent?.trim()).toBe('');

    const [rowA] = screen.getAllByTestId('heatmap-row-header');
    expect(rowA).toHaveAccessibleName('2.3 Rechten, bouwsteen Ontwikkeling en productie');
    expect(screen.getAllByTestId('heatmap-col-header').map((h) => h.textContent?.trim())).toEqual(['NAPA', 'Omroep B']);
    expect(screen.getAllByTestId('heatmap-col-header')[1]).toHaveAccessibleName('Omroep B (Publieke omroep)');
    const heatmap = screen.getByTestId('heatmap');
    expect(heatmap).toHaveTextContent('Ontwikkeling en productie');
    expect(heatmap).toHaveTextContent('Zichtbaarheid');
    expect(heatmap).toHaveTextContent('Producent');
    expect(heatmap).toHaveTextContent('Legenda');
    expect(heatmap).toHaveTextContent('met voorwaarde (mits …)');
  });

  it('opens the topic page from a row header and the party profile from a column header', async () => {
    fakeBackend({ layout: small, code: (r, c) => codes[r][c] });
    render(Heatmap);
    await waitFor(() => expect(cellAt(0, 0)).toHaveAttribute('data-code'));
    cellAt(1, 0)!.focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    await waitFor(() => expect(document.activeElement).toHaveAttribute('data-testid', 'heatmap-row-header'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(ui.detail).toEqual({ kind: 'topic', id: 'tB' });

    ui.closeDetail();
    cellAt(0, 1)!.focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement).toHaveAttribute('data-testid', 'heatmap-col-header'));
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(ui.detail).toEqual({ kind: 'party', id: 'pB' });

    ui.closeDetail();
    await fireEvent.click(screen.getAllByTestId('heatmap-col-header')[0]);
    expect(ui.detail).toEqual({ kind: 'party', id: 'pA' });
  });

  it('says when nothing was recorded, and reloads when another file is opened', async () => {
    const backend = fakeBackend({ layout: small, code: (r, c) => codes[r][c] });
    render(Heatmap);
    await waitFor(() => expect(cellAt(1, 1)).toHaveAttribute('data-code', '4'));
    cellAt(1, 1)!.focus();
    const card = screen.getByTestId('heatmap-detail');
    await within(card).findByText('Voor deze partij is over dit onderwerp nog niets vastgelegd.');

    expect(backend.layouts()).toBe(1);
    dialogue.generation += 1;
    await waitFor(() => expect(backend.layouts()).toBe(2));
  });

  it('shows an empty state when there are no topics or no parties', async () => {
    fakeBackend({ layout: { rows: small.rows, columns: [] }, code: () => 4 });
    render(Heatmap);
    await screen.findByText('Er zijn nog geen onderwerpen of partijen om op de kaart te zetten.');
    expect(screen.queryByRole('grid')).toBeNull();
  });
});
