import { describe, expect, it } from 'vitest';
import {
  groupedLines,
  groupRuns,
  moveCursor,
  rangeIndexes,
  reveal,
  rowsInLines,
  tileKey,
  tileOf,
  tileRect,
  tilesFor,
  visibleRange,
  withIndex,
} from './virtual';

describe('visibleRange', () => {
  it('shows the items under the viewport, with overscan, clipped to the list', () => {
    expect(visibleRange(0, 100, 20, 1000)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(0, 100, 20, 1000, 2)).toEqual({ start: 0, end: 7 });
    // Scrolled half-way into item 10: items 10 to 15 are partly visible.
    expect(visibleRange(210, 100, 20, 1000, 2)).toEqual({ start: 8, end: 18 });
    expect(visibleRange(19_950, 100, 20, 1000, 2)).toEqual({ start: 995, end: 1000 });
  });

  it('stays within the list however far or oddly it is scrolled', () => {
    expect(visibleRange(1_000_000, 100, 20, 10)).toEqual({ start: 10, end: 10 });
    expect(visibleRange(-50, 100, 20, 10)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(0, 100, 20, 0)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(0, 100, 0, 10)).toEqual({ start: 0, end: 0 });
  });

  it('shows at least one item while the viewport has no size yet', () => {
    expect(visibleRange(0, 0, 20, 10)).toEqual({ start: 0, end: 1 });
  });

  it('has a bounded length whatever the list length', () => {
    for (const count of [10, 1_000, 100_000]) {
      const r = visibleRange(count * 10, 600, 34, count, 3);
      expect(r.end - r.start).toBeLessThanOrEqual(Math.ceil(600 / 34) + 1 + 6);
    }
  });
});

describe('rangeIndexes and withIndex', () => {
  it('lists a range and adds the focused index in its place', () => {
    expect(rangeIndexes({ start: 3, end: 6 })).toEqual([3, 4, 5]);
    expect(withIndex([3, 4, 5], 1)).toEqual([1, 3, 4, 5]);
    expect(withIndex([3, 4, 5], 4)).toEqual([3, 4, 5]);
    expect(withIndex([3, 4, 5], null)).toEqual([3, 4, 5]);
    expect(withIndex([3, 4, 5], -1)).toEqual([3, 4, 5]);
  });
});

describe('tiles', () => {
  const size = { rows: 50, columns: 25 };

  it('finds the tile of a cell and clips a tile to the grid', () => {
    expect(tileOf(0, 0, size)).toEqual([0, 0]);
    expect(tileOf(49, 24, size)).toEqual([0, 0]);
    expect(tileOf(50, 25, size)).toEqual([1, 1]);
    expect(tileKey(3, 7)).toBe('3:7');
    expect(tileRect(1, 2, size, 1000, 200)).toEqual({ row: 50, column: 50, rows: 50, columns: 25 });
    expect(tileRect(19, 7, size, 990, 190)).toEqual({ row: 950, column: 175, rows: 40, columns: 15 });
  });

  it('covers a view with a few tiles, never the whole grid', () => {
    expect(tilesFor({ start: 0, end: 20 }, { start: 0, end: 30 }, size)).toEqual([
      [0, 0],
      [0, 1],
    ]);
    expect(tilesFor({ start: 45, end: 60 }, { start: 20, end: 30 }, size)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    expect(tilesFor({ start: 5, end: 5 }, { start: 0, end: 10 }, size)).toEqual([]);
    // A tile stays far below the core's limit of 100,000 cells per call.
    expect(size.rows * size.columns).toBeLessThanOrEqual(100_000);
  });
});

describe('grouped lines', () => {
  it('puts a heading line before each run of equal keys', () => {
    expect(groupRuns(['a', 'a', 'b', 'a'])).toEqual([
      { key: 'a', start: 0, count: 2 },
      { key: 'b', start: 2, count: 1 },
      { key: 'a', start: 3, count: 1 },
    ]);
    const { lines, lineOfRow } = groupedLines(['a', 'a', 'b']);
    expect(lines).toEqual([
      { kind: 'group', group: 0 },
      { kind: 'row', row: 0 },
      { kind: 'row', row: 1 },
      { kind: 'group', group: 1 },
      { kind: 'row', row: 2 },
    ]);
    expect(lineOfRow).toEqual([1, 2, 4]);
    expect(groupedLines([]).lines).toEqual([]);
  });

  it('names the rows among a range of lines', () => {
    const { lines } = groupedLines(['a', 'a', 'b', 'b']);
    expect(rowsInLines(lines, { start: 0, end: 1 })).toEqual({ start: 0, end: 0 });
    expect(rowsInLines(lines, { start: 0, end: 4 })).toEqual({ start: 0, end: 2 });
    expect(rowsInLines(lines, { start: 2, end: 6 })).toEqual({ start: 1, end: 4 });
    expect(rowsInLines(lines, { start: 2, end: 4 })).toEqual({ start: 1, end: 2 });
  });
});

describe('moveCursor', () => {
  const bounds = { rows: 100, columns: 20, page: 10 };
  const at = (row: number, column: number) => ({ row, column });

  it('moves by one with the arrows and stops at the edges', () => {
    expect(moveCursor(at(5, 5), 'ArrowRight', bounds)).toEqual(at(5, 6));
    expect(moveCursor(at(5, 5), 'ArrowLeft', bounds)).toEqual(at(5, 4));
    expect(moveCursor(at(5, 5), 'ArrowDown', bounds)).toEqual(at(6, 5));
    expect(moveCursor(at(5, 5), 'ArrowUp', bounds)).toEqual(at(4, 5));
    expect(moveCursor(at(99, 19), 'ArrowDown', bounds)).toEqual(at(99, 19));
    expect(moveCursor(at(99, 19), 'ArrowRight', bounds)).toEqual(at(99, 19));
  });

  it('reaches the row and column headers, but never the corner', () => {
    expect(moveCursor(at(0, 3), 'ArrowUp', bounds)).toEqual(at(-1, 3));
    expect(moveCursor(at(3, 0), 'ArrowLeft', bounds)).toEqual(at(3, -1));
    expect(moveCursor(at(-1, 0), 'ArrowLeft', bounds)).toBeNull();
    expect(moveCursor(at(0, -1), 'ArrowUp', bounds)).toBeNull();
    expect(moveCursor(at(-1, 3), 'ArrowDown', bounds)).toEqual(at(0, 3));
  });

  it('pages by the given number of rows', () => {
    expect(moveCursor(at(5, 2), 'PageDown', bounds)).toEqual(at(15, 2));
    expect(moveCursor(at(95, 2), 'PageDown', bounds)).toEqual(at(99, 2));
    expect(moveCursor(at(15, 2), 'PageUp', bounds)).toEqual(at(5, 2));
    expect(moveCursor(at(5, 2), 'PageUp', bounds)).toEqual(at(0, 2));
    expect(moveCursor(at(-1, 2), 'PageDown', bounds)).toEqual(at(9, 2));
    expect(moveCursor(at(5, 2), 'PageDown', { ...bounds, page: 0 })).toEqual(at(6, 2));
  });

  it('goes to the start or end of the row with Home/End, of the grid with Ctrl', () => {
    expect(moveCursor(at(5, 7), 'Home', bounds)).toEqual(at(5, -1));
    expect(moveCursor(at(-1, 7), 'Home', bounds)).toEqual(at(-1, 0));
    expect(moveCursor(at(5, 7), 'End', bounds)).toEqual(at(5, 19));
    expect(moveCursor(at(5, 7), 'Home', bounds, true)).toEqual(at(0, 0));
    expect(moveCursor(at(5, 7), 'End', bounds, true)).toEqual(at(99, 19));
  });

  it('ignores other keys and empty grids', () => {
    expect(moveCursor(at(5, 7), 'a', bounds)).toBeNull();
    expect(moveCursor(at(0, 0), 'ArrowDown', { rows: 0, columns: 0, page: 1 })).toBeNull();
  });
});

describe('reveal', () => {
  it('scrolls just enough to show an item below a sticky header', () => {
    // Viewport 300 high, the top 100 covered by a sticky header; items 30 high.
    expect(reveal(0, 300, 100, 120, 30)).toBe(0);
    expect(reveal(0, 300, 100, 290, 30)).toBe(20);
    expect(reveal(500, 300, 100, 580, 30)).toBe(480);
    expect(reveal(500, 300, 100, 100, 30)).toBe(0);
  });
});
