//! The arithmetic of a virtualised grid with fixed cell sizes: which rows and columns a
//! scroll position shows, which tiles of cells to fetch for them, where the keyboard moves
//! the focused cell, and how far to scroll to reveal it under sticky headers.

/** A half-open range of indexes, `start` included and `end` not. */
export interface Range {
  start: number;
  end: number;
}

export const EMPTY_RANGE: Range = { start: 0, end: 0 };

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * The items of fixed `size` that a viewport of `extent` pixels shows when scrolled to
 * `offset`, widened by `overscan` items on either side and clipped to `count`.
 */
export function visibleRange(offset: number, extent: number, size: number, count: number, overscan = 0): Range {
  if (count <= 0 || size <= 0) return EMPTY_RANGE;
  const first = Math.floor(Math.max(0, offset) / size);
  // Always at least one item, so that a viewport not yet measured still shows something.
  const last = Math.ceil((Math.max(0, offset) + Math.max(extent, size)) / size);
  const start = clamp(first - overscan, 0, count);
  return { start, end: clamp(last + overscan, start, count) };
}

/** The indexes of a range, in order. */
export function rangeIndexes(range: Range): number[] {
  const out: number[] = [];
  for (let i = range.start; i < range.end; i++) out.push(i);
  return out;
}

/** `indexes` with `extra` added in its place when it is not already among them (for the focused item). */
export function withIndex(indexes: number[], extra: number | null): number[] {
  if (extra === null || extra < 0 || indexes.includes(extra)) return indexes;
  return [...indexes, extra].sort((a, b) => a - b);
}

// ---- tiles ---------------------------------------------------------------------------------

/** A block of cells fetched in one call: rows `row..row+rows`, columns `column..column+columns`. */
export interface TileRect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

export interface TileSize {
  rows: number;
  columns: number;
}

export const tileKey = (tileRow: number, tileColumn: number): string => `${tileRow}:${tileColumn}`;

/** The tile that holds a cell, as [tile row, tile column]. */
export function tileOf(row: number, column: number, size: TileSize): [number, number] {
  return [Math.floor(row / size.rows), Math.floor(column / size.columns)];
}

/** The cells of one tile, clipped to a grid of `totalRows` × `totalColumns`. */
export function tileRect(tileRow: number, tileColumn: number, size: TileSize, totalRows: number, totalColumns: number): TileRect {
  const row = tileRow * size.rows;
  const column = tileColumn * size.columns;
  return {
    row,
    column,
    rows: clamp(totalRows - row, 0, size.rows),
    columns: clamp(totalColumns - column, 0, size.columns),
  };
}

/** The tiles, as [tile row, tile column], that cover the given rows and columns; none for an empty range. */
export function tilesFor(rows: Range, columns: Range, size: TileSize): [number, number][] {
  if (rows.end <= rows.start || columns.end <= columns.start) return [];
  const out: [number, number][] = [];
  const [r0, c0] = tileOf(rows.start, columns.start, size);
  const [r1, c1] = tileOf(rows.end - 1, columns.end - 1, size);
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) out.push([r, c]);
  }
  return out;
}

// ---- rows in groups ------------------------------------------------------------------------

/** One line of a grouped list: a group's heading (before its first row) or a row. */
export type Line = { kind: 'group'; group: number } | { kind: 'row'; row: number };

export interface Group {
  /** The key the rows share (a bouwsteen's id, a chain role). */
  key: string;
  /** The first row (or column) of the group, and how many follow. */
  start: number;
  count: number;
}

/** Runs of equal keys, in order; a key seen again later starts a new group. */
export function groupRuns(keys: readonly string[]): Group[] {
  const groups: Group[] = [];
  keys.forEach((key, i) => {
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.count += 1;
    else groups.push({ key, start: i, count: 1 });
  });
  return groups;
}

/** Rows with a heading line before each group, all of one height; `lineOfRow[r]` is row r's line. */
export interface GroupedLines {
  lines: Line[];
  lineOfRow: number[];
  groups: Group[];
}

export function groupedLines(keys: readonly string[]): GroupedLines {
  const groups = groupRuns(keys);
  const lines: Line[] = [];
  const lineOfRow: number[] = new Array(keys.length);
  groups.forEach((group, g) => {
    lines.push({ kind: 'group', group: g });
    for (let r = group.start; r < group.start + group.count; r++) {
      lineOfRow[r] = lines.length;
      lines.push({ kind: 'row', row: r });
    }
  });
  return { lines, lineOfRow, groups };
}

/** The rows among `lines[range]`, as a range of row indexes (empty when there are none). */
export function rowsInLines(lines: readonly Line[], range: Range): Range {
  let start = -1;
  let end = -1;
  for (let i = range.start; i < range.end; i++) {
    const line = lines[i];
    if (line?.kind !== 'row') continue;
    if (start < 0) start = line.row;
    end = line.row + 1;
  }
  return start < 0 ? EMPTY_RANGE : { start, end };
}

// ---- keyboard ------------------------------------------------------------------------------

/**
 * A position in a grid with a header row and a header column: `row` −1 is the column
 * headers, `column` −1 the row headers; the corner (−1, −1) is never a position.
 */
export interface Cursor {
  row: number;
  column: number;
}

export interface CursorBounds {
  rows: number;
  columns: number;
  /** How many rows PageUp/PageDown move. */
  page: number;
}

/**
 * Where a key moves the cursor, following the WAI-ARIA grid pattern: arrows by one,
 * PageUp/PageDown by a page, Home/End to the row's first/last cell (with Ctrl: the grid's
 * first/last cell). Null when the key does not move it.
 */
export function moveCursor(cursor: Cursor, key: string, bounds: CursorBounds, ctrl = false): Cursor | null {
  const { rows, columns } = bounds;
  if (rows <= 0 || columns <= 0) return null;
  const page = Math.max(1, bounds.page);
  const { row, column } = cursor;
  let next: Cursor;
  switch (key) {
    case 'ArrowRight':
      next = { row, column: column + 1 };
      break;
    case 'ArrowLeft':
      next = { row, column: column - 1 };
      break;
    case 'ArrowDown':
      next = { row: row + 1, column };
      break;
    case 'ArrowUp':
      next = { row: row - 1, column };
      break;
    case 'PageDown':
      next = { row: Math.max(0, row + page), column };
      break;
    case 'PageUp':
      // A page up stops at the first row; only ArrowUp goes on into the column headers.
      next = { row: row < 0 ? row : Math.max(0, row - page), column };
      break;
    case 'Home':
      next = ctrl ? { row: 0, column: 0 } : { row, column: row < 0 ? 0 : -1 };
      break;
    case 'End':
      next = ctrl ? { row: rows - 1, column: columns - 1 } : { row, column: columns - 1 };
      break;
    default:
      return null;
  }
  next = { row: clamp(next.row, -1, rows - 1), column: clamp(next.column, -1, columns - 1) };
  // The corner is no cell: a move into it does not happen.
  if (next.row < 0 && next.column < 0) return null;
  return next;
}

/**
 * The scroll offset that shows the item at `start` (`size` long) in a viewport of `extent`,
 * whose first `sticky` pixels are covered by a sticky header. Unchanged when it shows already.
 */
export function reveal(offset: number, extent: number, sticky: number, start: number, size: number): number {
  if (start < offset + sticky) return Math.max(0, start - sticky);
  if (start + size > offset + extent) return Math.max(0, start + size - extent);
  return offset;
}
