//! Meeting mode: one session, the parties present, one topic at a time. Every stance or text
//! entry is saved at once (one `position_set`, one transaction), strictly in the order made;
//! each saved change goes on an undo stack that spans topics.
import { api, toIpcError, type IpcError } from '$lib/ipc/api';
import type { Bouwsteen, Party, Position, PositionChange, PositionInput, PositionKey, Session, SessionInput, Topic } from '$lib/ipc/bindings';
import { formatDateTime, m } from '$lib/i18n';
import { stanceText } from '$lib/i18n/meeting';
import { UndoStack } from '$lib/meeting/undo';
import { StanceKeys, type Stance } from '$lib/meeting/stance';
import { bouwstenen } from './bouwstenen.svelte';
import { parties } from './parties.svelte';
import { sessions } from './sessions.svelte';
import { groupTopics, topics } from './topics.svelte';

export type SaveState = 'empty' | 'saving' | 'saved' | 'error';
export type TextField = 'rationale' | 'condition' | 'quote';
export const TEXT_FIELDS: readonly TextField[] = ['rationale', 'condition', 'quote'];

/** How many changes undo reaches back (the brief asks for at least 50). */
export const UNDO_LIMIT = 100;

export interface MeetingTopic {
  topic: Topic;
  bouwsteen: Bouwsteen | null;
}

/** Where the jump box takes the facilitator. */
export interface JumpTarget {
  kind: 'topic' | 'party';
  id: string;
}

interface Values {
  stance: number | null;
  rationale: string;
  condition: string;
  quote: string;
}

interface RowStatus {
  saving: boolean;
  error: IpcError | null;
}

const BLANK: Values = { stance: null, rationale: '', condition: '', quote: '' };
const TWO_HOURS_MS = 2 * 60 * 60 * 1000;

export function rowKey(topicId: string, partyId: string): string {
  return `${topicId}|${partyId}`;
}

function valuesOf(position: Position | undefined): Values {
  if (!position) return { ...BLANK };
  return { stance: position.stance, rationale: position.rationale, condition: position.condition, quote: position.quote };
}

function sameValues(a: Values, b: Values): boolean {
  return a.stance === b.stance && a.rationale === b.rationale && a.condition === b.condition && a.quote === b.quote;
}

function isoMinute(ms: number): string {
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function sessionInput(session: Session, attendee_ids: string[]): SessionInput {
  const { title, kind, starts_at, ends_at, location, notes } = session;
  return { title, kind, starts_at, ends_at, location, notes, attendee_ids };
}

export class MeetingState {
  sessionId = $state<string | null>(null);
  /** The parties ticked as present (ids). */
  attendees = $state.raw<string[]>([]);
  capturing = $state(false);
  topicIndex = $state(0);
  partyIndex = $state(0);
  /** This session's positions by `rowKey`, for the topics loaded so far. */
  positions = $state.raw<ReadonlyMap<string, Position>>(new Map());
  /**
   * The topics whose entries in this session are in `positions`. Meeting mode fetches a topic
   * at a time (and the ones beside it ahead): a whole session at sector scale is some 40,000
   * entries, 20 MB of JSON.
   */
  loadedTopics = $state.raw<ReadonlySet<string>>(new Set());
  /** Rows being saved or whose last save failed, by `rowKey`. */
  status = $state.raw<ReadonlyMap<string, RowStatus>>(new Map());
  /** A failed load or set-up action. */
  error = $state<IpcError | null>(null);
  busy = $state(false);
  undoSize = $state(0);
  redoSize = $state(0);
  /** The last thing done, for the polite live region (called at render time, so it follows the language). */
  announcement = $state<(() => string) | null>(null);

  readonly keys = new StanceKeys();
  readonly #stack = new UndoStack<PositionChange>(UNDO_LIMIT);
  #queue: Promise<unknown> = Promise.resolve();
  #pending = new Map<string, number>();
  /** The entry the last write pushed, so a doubled `+`/`-` can fold into it. */
  #lastEntry: PositionChange | null = null;
  #generation: number | null = null;
  /** Topic loads asked for (in flight or done), by topic id; cleared with `positions`. */
  #loads = new Map<string, Promise<boolean>>();

  /** All topics, grouped by bouwsteen in bouwsteen order, in list order within each. */
  readonly topicList: MeetingTopic[] = $derived(
    groupTopics(topics.items, bouwstenen.items).flatMap((group) => group.topics.map((topic) => ({ topic, bouwsteen: group.bouwsteen }))),
  );
  readonly session: Session | null = $derived(sessions.items.find((s) => s.id === this.sessionId) ?? null);
  /** The sessions, most recent first. */
  readonly sessionChoices: Session[] = $derived(
    [...sessions.items].sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at) || a.title.localeCompare(b.title)),
  );
  /** The parties present, in the party list's order. */
  readonly present: Party[] = $derived.by(() => {
    const ids = new Set(this.attendees);
    return parties.items.filter((p) => ids.has(p.id));
  });
  readonly current: MeetingTopic | null = $derived(this.topicList[this.topicIndex] ?? null);
  readonly party: Party | null = $derived(this.present[this.partyIndex] ?? null);

  /** Starts afresh when another file was opened since this state was last used. */
  useGeneration(generation: number): void {
    if (this.#generation === generation) return;
    this.reset();
    this.#generation = generation;
  }

  reset(): void {
    this.sessionId = null;
    this.attendees = [];
    this.capturing = false;
    this.topicIndex = 0;
    this.partyIndex = 0;
    this.#forgetPositions();
    this.status = new Map();
    this.error = null;
    this.busy = false;
    this.announcement = null;
    this.keys.reset();
    this.#stack.clear();
    this.#lastEntry = null;
    this.#pending.clear();
    this.#syncSizes();
  }

  /** The session to offer first: one running now, else the most recent. */
  defaultSessionId(now = Date.now()): string | null {
    const running = this.sessionChoices.find((s) => Date.parse(s.starts_at) <= now && now < Date.parse(s.ends_at));
    return (running ?? this.sessionChoices[0])?.id ?? null;
  }

  /** Picks a session; its attendees (or all parties when it names none) are ticked. */
  selectSession(id: string | null): void {
    if (id !== this.sessionId) {
      this.#stack.clear();
      this.#lastEntry = null;
      this.#syncSizes();
      this.#forgetPositions();
      this.status = new Map();
      this.topicIndex = 0;
      this.partyIndex = 0;
    }
    this.sessionId = id;
    const session = sessions.items.find((s) => s.id === id);
    const known = new Set(parties.items.map((p) => p.id));
    const listed = (session?.attendee_ids ?? []).filter((pid) => known.has(pid));
    this.attendees = listed.length > 0 ? listed : parties.items.map((p) => p.id);
    this.error = null;
  }

  /** Ticks who is present and stores it on the session (an empty list is kept here only: it would mean "everyone"). */
  async setAttendees(ids: string[]): Promise<boolean> {
    this.attendees = ids;
    const session = this.session;
    if (!session || ids.length === 0) return true;
    try {
      await sessions.update(session.id, sessionInput(session, ids));
      this.error = null;
      return true;
    } catch (reason) {
      this.error = toIpcError(reason);
      return false;
    }
  }

  /** Creates a working-group session that starts now and lasts two hours, with every party present, and picks it. */
  async startNow(now: Date = new Date()): Promise<Session | null> {
    this.busy = true;
    try {
      const start = now.getTime();
      const created = await sessions.create({
        title: m.meeting_now_title({ when: formatDateTime(now.toISOString()) }),
        kind: 'working_group',
        starts_at: isoMinute(start),
        ends_at: isoMinute(start + TWO_HOURS_MS),
        location: '',
        notes: '',
        attendee_ids: parties.items.map((p) => p.id),
      });
      this.selectSession(created.id);
      return created;
    } catch (reason) {
      this.error = toIpcError(reason);
      return null;
    } finally {
      this.busy = false;
    }
  }

  get canBegin(): boolean {
    return this.session !== null && this.attendees.length > 0 && this.topicList.length > 0;
  }

  /** Loads the first topic's entries in the session (afresh) and enters capture. */
  async begin(): Promise<boolean> {
    const session = this.session;
    if (!session || !this.canBegin) return false;
    this.busy = true;
    try {
      await this.settled();
      this.#forgetPositions();
      this.status = new Map();
      this.topicIndex = Math.min(this.topicIndex, this.topicList.length - 1);
      this.partyIndex = Math.min(this.partyIndex, this.present.length - 1);
      this.error = null;
      const current = this.current?.topic.id;
      if (current && !(await this.loadTopic(current))) return false;
      this.#loadAround();
      this.keys.reset();
      this.capturing = true;
      return true;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Fetches one topic's entries in this session, once, in turn with the saves (so what it
   * reads already holds every save made before it). Resolves false (and sets `error`) when
   * the fetch fails; asking again then tries again.
   */
  loadTopic(topicId: string): Promise<boolean> {
    const asked = this.#loads.get(topicId);
    if (asked) return asked;
    const sessionId = this.sessionId;
    if (!sessionId) return Promise.resolve(false);
    const load = this.#enqueue(() => this.#fetchTopic(sessionId, topicId));
    this.#loads.set(topicId, load);
    return load;
  }

  /** The current topic's entries and its neighbours', ahead of the facilitator. */
  #loadAround(): void {
    for (const delta of [0, 1, -1]) {
      const topic = this.topicList[this.topicIndex + delta]?.topic;
      if (topic) void this.loadTopic(topic.id);
    }
  }

  async #fetchTopic(sessionId: string, topicId: string): Promise<boolean> {
    if (this.loadedTopics.has(topicId)) return true;
    try {
      const list = await api.positionsInSession(sessionId, topicId);
      if (sessionId !== this.sessionId) return false;
      const next = new Map(this.positions);
      for (const p of list) next.set(rowKey(p.topic_id, p.party_id), p);
      this.positions = next;
      this.loadedTopics = new Set(this.loadedTopics).add(topicId);
      return true;
    } catch (reason) {
      this.#loads.delete(topicId);
      this.error = toIpcError(reason);
      return false;
    }
  }

  #forgetPositions(): void {
    this.positions = new Map();
    this.loadedTopics = new Set();
    this.#loads.clear();
  }

  /** Back to the set-up panel; what was saved stays saved, the undo history stays too. */
  end(): void {
    this.capturing = false;
  }

  // Navigation -----------------------------------------------------------------------------

  moveParty(delta: number): void {
    this.keys.reset();
    if (this.present.length === 0) return;
    this.partyIndex = Math.max(0, Math.min(this.present.length - 1, this.partyIndex + delta));
  }

  moveTopic(delta: number): void {
    this.keys.reset();
    if (this.topicList.length === 0) return;
    const next = Math.max(0, Math.min(this.topicList.length - 1, this.topicIndex + delta));
    if (next !== this.topicIndex) {
      this.topicIndex = next;
      this.partyIndex = 0;
      this.#loadAround();
    }
  }

  goToTopic(topicId: string): void {
    this.keys.reset();
    const index = this.topicList.findIndex((t) => t.topic.id === topicId);
    if (index >= 0 && index !== this.topicIndex) {
      this.topicIndex = index;
      this.partyIndex = 0;
      this.#loadAround();
    }
  }

  goToParty(partyId: string): void {
    this.keys.reset();
    const index = this.present.findIndex((p) => p.id === partyId);
    if (index >= 0) this.partyIndex = index;
  }

  #goToKey(key: PositionKey): void {
    const topicIndex = this.topicList.findIndex((t) => t.topic.id === key.topic_id);
    if (topicIndex >= 0 && topicIndex !== this.topicIndex) {
      this.topicIndex = topicIndex;
      this.#loadAround();
    }
    const partyIndex = this.present.findIndex((p) => p.id === key.party_id);
    if (partyIndex >= 0) this.partyIndex = partyIndex;
    this.keys.reset();
  }

  // Reading rows ---------------------------------------------------------------------------

  position(topicId: string, partyId: string): Position | undefined {
    return this.positions.get(rowKey(topicId, partyId));
  }

  saveState(topicId: string, partyId: string): SaveState {
    const key = rowKey(topicId, partyId);
    const status = this.status.get(key);
    if (status?.saving) return 'saving';
    if (status?.error) return 'error';
    return this.positions.has(key) ? 'saved' : 'empty';
  }

  rowError(topicId: string, partyId: string): IpcError | null {
    return this.status.get(rowKey(topicId, partyId))?.error ?? null;
  }

  // Writing --------------------------------------------------------------------------------

  /**
   * Handles a stance key (1–5, 0, +, -) on the focused row: saves and stays on the row.
   * Returns null when the key sets no stance, else whether the save succeeded.
   */
  stanceKey(key: string): Promise<boolean> | null {
    const topic = this.current?.topic;
    const party = this.party;
    if (!topic || !party) return null;
    const result = this.keys.press(key, rowKey(topic.id, party.id));
    if (!result) return null;
    return this.#write(topic.id, party.id, (base) => ({ ...base, stance: result.stance }), result.doubled);
  }

  /** Sets the focused row's stance (null is "no position"), keeping its texts. */
  setStance(stance: Stance | null): Promise<boolean> {
    const topic = this.current?.topic;
    const party = this.party;
    if (!topic || !party) return Promise.resolve(false);
    this.keys.reset();
    return this.#write(topic.id, party.id, (base) => ({ ...base, stance }), false);
  }

  /** Sets one text of the focused row, keeping its stance (none yet stays "no position"). */
  setText(field: TextField, value: string): Promise<boolean> {
    const topic = this.current?.topic;
    const party = this.party;
    if (!topic || !party) return Promise.resolve(false);
    this.keys.reset();
    const text = value.trim();
    return this.#write(topic.id, party.id, (base, exists) => (!exists && text === '' ? null : { ...base, [field]: text }), false);
  }

  /** Reverts the latest change (wherever it was) and shows its topic and party. */
  undo(): Promise<boolean> {
    return this.#enqueue(async () => {
      const entry = this.#stack.peekUndo();
      if (!entry) {
        this.announcement = m.undo_nothing;
        return false;
      }
      this.#goToKey(entry.key);
      const ok = await this.#revert(entry.key, entry.before);
      if (ok) {
        this.#stack.undo();
        this.#lastEntry = null;
        this.#syncSizes();
        this.#announceStep(entry.key, m.undo_done);
      }
      return ok;
    });
  }

  /** Applies the latest undone change again and shows its topic and party. */
  redo(): Promise<boolean> {
    return this.#enqueue(async () => {
      const entry = this.#stack.peekRedo();
      if (!entry) {
        this.announcement = m.undo_nothing_redo;
        return false;
      }
      this.#goToKey(entry.key);
      const ok = await this.#revert(entry.key, entry.after);
      if (ok) {
        this.#stack.redo();
        this.#lastEntry = null;
        this.#syncSizes();
        this.#announceStep(entry.key, m.undo_redone);
      }
      return ok;
    });
  }

  /** Resolves once every save made so far has settled. */
  settled(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  /** Makes the row hold `target` (a position's values, or nothing): `position_set` or `position_clear`. */
  async #revert(key: PositionKey, target: Position | null): Promise<boolean> {
    const k = rowKey(key.topic_id, key.party_id);
    this.#begin(k);
    try {
      const change = target === null ? await api.positionClear(key) : await api.positionSet({ ...key, ...valuesOf(target) });
      this.#apply(change);
      this.#end(k, null);
      return true;
    } catch (reason) {
      this.#end(k, toIpcError(reason));
      return false;
    }
  }

  #write(topicId: string, partyId: string, next: (base: Values, exists: boolean) => Values | null, doubled: boolean): Promise<boolean> {
    const sessionId = this.sessionId;
    if (!sessionId) return Promise.resolve(false);
    const k = rowKey(topicId, partyId);
    this.#begin(k);
    return this.#enqueue(async () => {
      // The row's entry must be here to build on: a key pressed before its topic arrived
      // waits for it (already in turn, so fetched here rather than queued behind itself).
      if (!this.loadedTopics.has(topicId) && !(await this.#fetchTopic(sessionId, topicId))) {
        this.#end(k, this.error);
        return false;
      }
      // Built when its turn comes, on top of every earlier save, so nothing typed is lost.
      const existing = this.positions.get(k);
      const base = valuesOf(existing);
      const values = next(base, existing !== undefined);
      if (values === null || (existing && sameValues(base, values))) {
        this.#end(k, null);
        return true;
      }
      const input: PositionInput = { topic_id: topicId, party_id: partyId, session_id: sessionId, ...values };
      try {
        const change = await api.positionSet(input);
        this.#apply(change);
        const top = this.#stack.peekUndo();
        if (doubled && top !== undefined && top === this.#lastEntry && rowKey(top.key.topic_id, top.key.party_id) === k) {
          this.#lastEntry = { key: change.key, before: top.before, after: change.after };
          this.#stack.replaceTop(this.#lastEntry);
        } else {
          this.#lastEntry = change;
          this.#stack.push(change);
        }
        this.#syncSizes();
        this.#end(k, null);
        const party = parties.byId(partyId)?.name ?? '';
        this.announcement = () => m.meeting_status_saved({ party, stance: stanceText(values.stance) });
        return true;
      } catch (reason) {
        this.#end(k, toIpcError(reason));
        return false;
      }
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #apply(change: PositionChange): void {
    if (change.key.session_id !== this.sessionId) return;
    const k = rowKey(change.key.topic_id, change.key.party_id);
    const next = new Map(this.positions);
    if (change.after) next.set(k, change.after);
    else next.delete(k);
    this.positions = next;
  }

  #begin(k: string): void {
    this.#pending.set(k, (this.#pending.get(k) ?? 0) + 1);
    this.#setStatus(k, { saving: true, error: null });
  }

  #end(k: string, error: IpcError | null): void {
    const left = Math.max(0, (this.#pending.get(k) ?? 1) - 1);
    if (left === 0) this.#pending.delete(k);
    else this.#pending.set(k, left);
    if (left > 0) this.#setStatus(k, { saving: true, error: null });
    else this.#setStatus(k, error ? { saving: false, error } : null);
  }

  #setStatus(k: string, status: RowStatus | null): void {
    const next = new Map(this.status);
    if (status) next.set(k, status);
    else next.delete(k);
    this.status = next;
  }

  #syncSizes(): void {
    this.undoSize = this.#stack.undoSize;
    this.redoSize = this.#stack.redoSize;
  }

  #announceStep(key: PositionKey, message: (args: { party: string; topic: string }) => string): void {
    const party = parties.byId(key.party_id)?.name ?? '';
    const topic = topics.byId(key.topic_id);
    const title = topic ? [topic.code, topic.title].filter(Boolean).join(' ') : '';
    this.announcement = () => message({ party, topic: title });
  }
}

export const meeting = new MeetingState();
