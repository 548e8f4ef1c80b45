//! A session's agenda in the window: load, draft, add, edit, move, remove and export, each
//! through the core, with the outcome (or the error) where the view shows it.
import { api, toIpcError, type IpcError } from '$lib/ipc/api';
import type { Agenda, AgendaFormat, AgendaItemInput, DraftParams, PickPurpose, Session } from '$lib/ipc/bindings';
import { m } from '$lib/i18n';

const PURPOSES: Record<AgendaFormat, PickPurpose> = {
  md: 'export_markdown',
  html: 'export_html',
  docx: 'export_docx',
  ics: 'export_ics',
};

/** The session an agenda is most likely wanted for: the next one to start, else the latest. */
export function defaultSession(sessions: readonly Session[], now = Date.now()): Session | null {
  const sorted = [...sessions].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  return sorted.find((s) => Date.parse(s.starts_at) >= now) ?? sorted[sorted.length - 1] ?? null;
}

export class AgendaState {
  sessionId = $state<string | null>(null);
  agenda = $state<Agenda | null>(null);
  error = $state<IpcError | null>(null);
  notice = $state<string | null>(null);
  busy = $state(false);

  async load(sessionId: string | null): Promise<void> {
    this.sessionId = sessionId;
    this.agenda = null;
    this.error = null;
    if (!sessionId) return;
    await this.#run(async () => {
      const agenda = await api.agendaGet(sessionId);
      if (this.sessionId === sessionId) this.agenda = agenda;
    });
  }

  draft(params: DraftParams): Promise<boolean> {
    return this.#withSession(async (id) => {
      this.agenda = await api.agendaDraft(id, params);
    });
  }

  add(input: AgendaItemInput): Promise<boolean> {
    return this.#withSession(async (id) => {
      await api.agendaItemAdd(id, input);
      this.agenda = await api.agendaGet(id);
    });
  }

  update(itemId: string, input: AgendaItemInput): Promise<boolean> {
    return this.#withSession(async (id) => {
      await api.agendaItemUpdate(itemId, input);
      this.agenda = await api.agendaGet(id);
    });
  }

  remove(itemId: string): Promise<boolean> {
    return this.#withSession(async (id) => {
      await api.agendaItemDelete(itemId);
      this.agenda = await api.agendaGet(id);
    });
  }

  /** Moves an item to `index` (0-based); out-of-range moves do nothing. */
  move(itemId: string, index: number): Promise<boolean> {
    const count = this.agenda?.slots.length ?? 0;
    if (index < 0 || index >= count) return Promise.resolve(false);
    return this.#withSession(async () => {
      this.agenda = await api.agendaItemMove(itemId, index);
      const slot = this.agenda.slots[index];
      if (slot) this.notice = m.agenda_moved({ title: slot.item.title, position: index + 1 });
    });
  }

  /** Picks a path and writes the agenda there; false when cancelled or failed. */
  export(format: AgendaFormat): Promise<boolean> {
    return this.#withSession(async (id) => {
      const path = await api.pickPath(PURPOSES[format]);
      if (path === null) throw CANCELLED;
      await api.agendaExport(id, format, path);
      this.notice = m.agenda_exported({ path });
    });
  }

  async #withSession(f: (sessionId: string) => Promise<void>): Promise<boolean> {
    const id = this.sessionId;
    if (!id) return false;
    return this.#run(() => f(id));
  }

  /** The operations run one after another: one asked for while another runs (a click on
   *  Export right after a move) waits its turn instead of being dropped. */
  #queue: Promise<unknown> = Promise.resolve();

  #run(f: () => Promise<void>): Promise<boolean> {
    const next = this.#queue.then(() => this.#exec(f));
    this.#queue = next;
    return next;
  }

  async #exec(f: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      await f();
      return true;
    } catch (reason) {
      if (reason !== CANCELLED) this.error = toIpcError(reason);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

const CANCELLED = Symbol('cancelled');

export const agenda = new AgendaState();
