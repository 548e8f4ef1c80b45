// "Verwantschap": percentages in the cells, the core's ally order kept, the diagonal marked,
// party headers that open the profile, and a bounded DOM for hundreds of parties.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Alignment, PartyRef } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { ui } from '$lib/state/ui.svelte';
import AlignmentMatrix from './AlignmentMatrix.svelte';

const ref = (id: string, name: string, short_name: string, chain_role: PartyRef['chain_role']): PartyRef => ({ id, name, short_name, chain_role, segment: '' });

/** Three parties in the core's ally order (not alphabetical); B and C share no topic. */
const three: Alignment = {
  parties: [ref('pC', 'Filmtheaters Nederland', 'FTN', 'cinema'), ref('pA', 'Producentenalliantie', 'NAPA', 'producer'), ref('pB', 'Omroep B', '', 'public_broadcaster')],
  values: [1, 0.75, null, 0.75, 1, 0.1, null, 0.1, 1],
  shared: [8, 8, 0, 8, 12, 1, 0, 1, 5],
};

function fakeBackend(alignment: Alignment) {
  let calls = 0;
  mockIPC((cmd) => {
    if (cmd === 'analysis_alignment') {
      calls += 1;
      return alignment;
    }
    throw { code: 'internal', message: `unexpected ${cmd}`, field: null };
  });
  return { calls: () => calls };
}

/** n parties, each agreeing more with its neighbours: a big matrix. */
function big(n: number): Alignment {
  const parties = Array.from({ length: n }, (_, i) => ref(`p${i}`, `Partij ${i}`, `P${i}`, 'producer'));
  const values = Array.from({ length: n * n }, (_, k) => 1 - Math.abs(Math.floor(k / n) - (k % n)) / n);
  return { parties, values, shared: values.map(() => 10) };
}

const cellAt = (row: number, column: number) => document.querySelector<HTMLElement>(`[data-testid="alignment-cell"][data-row="${row}"][data-col="${column}"]`);
const rowHeaders = () => screen.getAllByTestId('alignment-party').filter((el) => el.dataset.axis === 'row');
const columnHeaders = () => screen.getAllByTestId('alignment-party').filter((el) => el.dataset.axis === 'column');

beforeEach(() => {
  locale.set('nl');
  ui.closeDetail();
});
afterEach(() => clearMocks());

describe('AlignmentMatrix', () => {
  it('writes the percentage in each cell, keeps the order as given and marks the diagonal', async () => {
    fakeBackend(three);
    render(AlignmentMatrix);
    await screen.findByTestId('alignment');
    expect(screen.getByTestId('alignment')).toHaveTextContent(
      'Het aandeel onderwerpen waarop beide partijen een standpunt innamen en aan dezelfde kant staan; bondgenoten staan naast elkaar.',
    );
    expect(rowHeaders().map((h) => h.textContent?.trim())).toEqual(['Filmtheaters Nederland', 'Producentenalliantie', 'Omroep B']);
    expect(columnHeaders().map((h) => h.textContent?.trim())).toEqual(['FTN', 'NAPA', 'Omroep B']);
    expect(rowHeaders()[2]).toHaveAccessibleName('Omroep B (Publieke omroep)');

    expect(screen.getAllByTestId('alignment-cell')).toHaveLength(9);
    expect(cellAt(0, 1)).toHaveTextContent(/^75\s?%$/);
    expect(cellAt(0, 1)).toHaveAccessibleName(/^FTN en NAPA: 75\s?% aan dezelfde kant, op 8 gedeelde onderwerpen$/);
    expect(cellAt(1, 2)).toHaveAccessibleName(/^NAPA en Omroep B: 10\s?% aan dezelfde kant, op 1 gedeeld onderwerp$/);
    expect(cellAt(0, 2)).toHaveTextContent('–');
    expect(cellAt(0, 2)).toHaveAccessibleName('FTN en Omroep B: geen gedeelde onderwerpen');
    expect(cellAt(1, 1)).toHaveClass('self');
    expect(cellAt(1, 1)).toHaveAccessibleName('Producentenalliantie: dezelfde partij');
    expect(cellAt(1, 1)).not.toHaveAttribute('data-value');
    // Darker for more agreement: 75 % is in the fourth step, 10 % in the first.
    expect(cellAt(0, 1)).toHaveClass('step3');
    expect(cellAt(1, 2)).toHaveClass('step0');
    expect(screen.getByTestId('alignment')).toHaveTextContent('Legenda');
    expect(screen.getByTestId('alignment')).toHaveTextContent('geen gedeelde onderwerpen');
  });

  it('opens the party profile from a row or column header, by click or Enter', async () => {
    fakeBackend(three);
    render(AlignmentMatrix);
    await screen.findByTestId('alignment');
    await fireEvent.click(rowHeaders()[1]);
    expect(ui.detail).toEqual({ kind: 'party', id: 'pA' });

    ui.closeDetail();
    cellAt(0, 2)!.focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement).toBe(columnHeaders()[2]));
    await fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(ui.detail).toEqual({ kind: 'party', id: 'pB' });
  });

  it('moves the focus with the arrow keys and explains the focused cell below the matrix', async () => {
    fakeBackend(three);
    render(AlignmentMatrix);
    await screen.findByTestId('alignment');
    const grid = screen.getByRole('grid');
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    cellAt(0, 0)!.focus();
    await fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    await waitFor(() => expect(document.activeElement).toBe(cellAt(0, 1)));
    expect(screen.getByTestId('alignment-detail')).toHaveTextContent(/FTN en NAPA: 75\s?% aan dezelfde kant/);
    await fireEvent.keyDown(document.activeElement!, { key: 'End', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(cellAt(2, 2)));
    await fireEvent.pointerOver(cellAt(0, 2)!);
    expect(screen.getByTestId('alignment-detail')).toHaveTextContent('FTN en Omroep B: geen gedeelde onderwerpen');
  });

  it('virtualises a big matrix: few cells in the DOM, percentages in the accessible names', async () => {
    fakeBackend(big(300));
    render(AlignmentMatrix);
    await screen.findByTestId('alignment');
    const cells = screen.getAllByTestId('alignment-cell');
    expect(cells.length).toBeGreaterThan(20);
    expect(cells.length).toBeLessThan(2000);
    expect(cellAt(0, 3)!.textContent?.trim()).toBe('');
    expect(cellAt(0, 3)).toHaveAccessibleName(/^P0 en P3: 99\s?% aan dezelfde kant, op 10 gedeelde onderwerpen$/);

    const viewport = screen.getByTestId('alignment').querySelector<HTMLElement>('[data-scroll]')!;
    viewport.scrollTop = 5_000;
    viewport.scrollLeft = 5_000;
    await fireEvent.scroll(viewport);
    await waitFor(() => expect(rowHeaders().some((h) => Number(h.dataset.row) > 150)).toBe(true));
    expect(rowHeaders().filter((h) => Number(h.dataset.row) > 0 && Number(h.dataset.row) < 100)).toEqual([]);
    expect(screen.getAllByTestId('alignment-cell').length).toBeLessThan(2000);
  });

  it('says so when there are fewer than two parties', async () => {
    fakeBackend({ parties: [three.parties[0]], values: [1], shared: [3] });
    render(AlignmentMatrix);
    await screen.findByText('Er zijn ten minste twee partijen nodig om verwantschap te tonen.');
    expect(screen.queryByRole('grid')).toBeNull();
  });
});
