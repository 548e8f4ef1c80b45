//! Full-text search over the dialogue: the query, the hits the core found (accent-insensitive,
//! on its side), and how they are shown: grouped by bouwsteen, matches marked in the snippet.
import { api, toIpcError, type IpcError } from '$lib/ipc/api';
import type { Bouwsteen, SearchHit } from '$lib/ipc/bindings';

/** Where the core's snippet starts and ends a matched word (Unicode private use). */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';

/** Waits this long after the last keystroke before searching. */
export const SEARCH_DELAY_MS = 150;

export interface SnippetSegment {
  text: string;
  /** True for a matched word, shown in <mark>. */
  marked: boolean;
}

/**
 * Splits a snippet on the mark characters into plain and marked parts, dropping the marks.
 * Only ever text: nothing in it is read as HTML. An unclosed mark runs to the end.
 */
export function splitSnippet(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let marked = false;
  let text = '';
  const flush = () => {
    if (text) segments.push({ text, marked });
    text = '';
  };
  for (const char of snippet) {
    if (char === MARK_START || char === MARK_END) {
      flush();
      marked = char === MARK_START;
    } else {
      text += char;
    }
  }
  flush();
  return segments;
}

export interface HitGroup {
  /** Null for hits without (or with an unknown) bouwsteen: "Overig". */
  bouwsteen: Bouwsteen | null;
  hits: SearchHit[];
}

/** Hits grouped by bouwsteen in bouwsteen order, keeping the core's order within a group; only groups with hits, "Overig" last. */
export function groupHits(hits: readonly SearchHit[], bouwstenen: readonly Bouwsteen[]): HitGroup[] {
  const ordered = [...bouwstenen].sort((a, b) => a.position - b.position);
  const groups = new Map<string, HitGroup>(ordered.map((b) => [b.id, { bouwsteen: b, hits: [] }]));
  const other: SearchHit[] = [];
  for (const hit of hits) {
    const group = hit.bouwsteen_id ? groups.get(hit.bouwsteen_id) : undefined;
    (group?.hits ?? other).push(hit);
  }
  const result = [...groups.values()].filter((g) => g.hits.length > 0);
  if (other.length > 0) result.push({ bouwsteen: null, hits: other });
  return result;
}

export class SearchState {
  query = $state('');
  hits = $state.raw<SearchHit[]>([]);
  /** The query `hits` answer; null before the first search and after clearing. */
  searched = $state<string | null>(null);
  busy = $state(false);
  error = $state<IpcError | null>(null);
  /** Set when something (Ctrl+F) asks the search box to take the focus; the view clears it. */
  focusPending = $state(false);

  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Counts searches sent, so a slow answer to an older query never replaces a newer one. */
  #sent = 0;

  requestFocus(): void {
    this.focusPending = true;
  }

  /** Searches for the current query once typing pauses. */
  schedule(delay = SEARCH_DELAY_MS): void {
    this.#cancelTimer();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.run();
    }, delay);
  }

  /** Searches for the current query now (Enter); a blank query clears the results. */
  async run(): Promise<void> {
    this.#cancelTimer();
    const query = this.query.trim();
    const sent = ++this.#sent;
    if (!query) {
      this.hits = [];
      this.searched = null;
      this.error = null;
      this.busy = false;
      return;
    }
    this.busy = true;
    try {
      const hits = await api.search(query);
      if (sent !== this.#sent) return;
      this.hits = hits;
      this.searched = query;
      this.error = null;
    } catch (reason) {
      if (sent !== this.#sent) return;
      this.error = toIpcError(reason);
    } finally {
      if (sent === this.#sent) this.busy = false;
    }
  }

  reset(): void {
    this.#cancelTimer();
    this.#sent += 1;
    this.query = '';
    this.hits = [];
    this.searched = null;
    this.error = null;
    this.busy = false;
  }

  #cancelTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

export const search = new SearchState();
