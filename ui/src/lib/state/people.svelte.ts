//! The parties' representatives — the dialogue's only personal data — and the two things the
//! facilitator may have to do with them on request: hand over everything the dialogue holds
//! about a person (a GDPR access request), or erase the person from the whole file.
import { api, toIpcError, type IpcError } from '$lib/ipc/api';
import { ERASED_NAME, type Person } from '$lib/ipc/bindings';
import { m } from '$lib/i18n';
import { dialogue, type DialogueState } from './dialogue.svelte';
import { actions } from './actions.svelte';
import { agenda } from './agenda.svelte';
import { meeting } from './meeting.svelte';
import { parties } from './parties.svelte';
import { search } from './search.svelte';
import { sessions } from './sessions.svelte';
import { topics } from './topics.svelte';
import { verdicts } from './verdicts.svelte';

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

/** Whether the person was erased (their name is the core's marker). */
export function isErased(person: Person): boolean {
  return person.name === ERASED_NAME;
}

/** The name to show: an erased person's marker in the user's language. */
export function personName(person: Person): string {
  return isErased(person) ? m.person_erased() : person.name;
}

type Messages = Pick<DialogueState, 'error' | 'notice' | 'clearMessages' | 'refresh'>;

export class PeopleState {
  items = $state.raw<Person[]>([]);
  loaded = $state(false);
  error = $state<IpcError | null>(null);
  busy = $state(false);

  /** Where the outcome of an export or erasure is shown: the open dialogue's notice and error. */
  readonly #messages: Messages;

  constructor(messages: Messages = dialogue) {
    this.#messages = messages;
  }

  reset(): void {
    this.items = [];
    this.loaded = false;
    this.error = null;
  }

  async load(): Promise<void> {
    try {
      this.items = [...(await api.personList())].sort((a, b) => collator.compare(a.name, b.name));
      this.loaded = true;
      this.error = null;
    } catch (reason) {
      this.error = toIpcError(reason);
    }
  }

  /** Asks where to save, then writes everything the dialogue holds about `person` there. */
  async exportData(person: Person): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.#messages.clearMessages();
    try {
      const path = await api.pickPath('export_person');
      if (path === null) return false;
      await api.personExport(person.id, path);
      this.#messages.notice = m.person_exported({ name: person.name, path });
      return true;
    } catch (reason) {
      this.#messages.error = toIpcError(reason);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /**
   * Erases `person` from the whole file (irreversible), then reloads the people and the
   * counts. Rejects with an `IpcError` so the confirmation can say why.
   */
  async erase(person: Person): Promise<void> {
    const report = await api.personErase(person.id);
    // Any list in memory may still hold a text that named the person: reload them all from the
    // file, and drop the meeting's undo history, whose earlier versions would write them back.
    meeting.reset();
    search.reset();
    await Promise.allSettled([
      this.load(),
      parties.load(),
      topics.load(),
      sessions.load(),
      actions.load(),
      verdicts.load(),
      agenda.load(agenda.sessionId),
      this.#messages.refresh(),
    ]);
    this.#messages.notice = report.scrubbed ? m.person_erased_notice() : m.person_erased_not_scrubbed();
  }
}

export const people = new PeopleState();
