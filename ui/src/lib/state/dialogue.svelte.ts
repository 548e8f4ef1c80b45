//! The open dialogue file and the file-level actions around it (new, open, demo, save a
//! copy, close, recent files), plus the app snapshot loaded at start.
import { api, IpcError, toIpcError } from '$lib/ipc/api';
import type { DialogueInfo, DialogueInput, Lang, PickPurpose, RecentFile } from '$lib/ipc/bindings';
import { errorText, locale, m } from '$lib/i18n';
import { painted } from '$lib/ipc/paint';

export class DialogueState {
  /** False until the start snapshot has arrived. */
  ready = $state(false);
  version = $state('');
  info = $state<DialogueInfo | null>(null);
  recent = $state.raw<RecentFile[]>([]);
  /** The last failed file-level action, shown as an alert. */
  error = $state<IpcError | null>(null);
  /** Set when `error` is why the last file could not be reopened at start. */
  errorIsReopen = $state(false);
  /** A short confirmation, e.g. where a copy was saved. */
  notice = $state<string | null>(null);
  busy = $state(false);
  /** True while the open file's whole-file check (see `settle`) has taken longer than a moment. */
  checking = $state(false);
  /** Counts successful opens, so lists reload even when the same path is opened again. */
  generation = $state(0);

  /** Derived, so that refreshing `info` does not count as opening another file. */
  readonly isOpen = $derived(this.info !== null);

  /** The error in the user's language, or null. */
  get errorText(): string | null {
    if (!this.error) return null;
    const text = errorText(this.error);
    return this.errorIsReopen ? `${m.error_reopen()} ${text}` : text;
  }

  clearMessages(): void {
    this.error = null;
    this.errorIsReopen = false;
    this.notice = null;
  }

  async load(): Promise<void> {
    try {
      const snapshot = await api.appSnapshot();
      this.version = snapshot.version;
      locale.set(snapshot.lang);
      this.info = snapshot.dialogue;
      this.recent = snapshot.recent;
      if (snapshot.reopen_error) {
        this.error = IpcError.from(snapshot.reopen_error);
        this.errorIsReopen = true;
      }
    } catch (reason) {
      this.error = toIpcError(reason);
    } finally {
      this.ready = true;
    }
  }

  async setLang(lang: Lang): Promise<void> {
    locale.set(lang);
    await this.#run(() => api.setLang(lang));
  }

  /** Asks for a path with the native dialog, then creates an empty dialogue there. */
  newDialogue(): Promise<boolean> {
    return this.#withPath('new', (path) => this.#opened(() => api.dialogueNew(path, false)));
  }

  open(): Promise<boolean> {
    return this.#withPath('open', (path) => this.openPath(path));
  }

  openPath(path: string): Promise<boolean> {
    return this.#opened(() => api.dialogueOpen(path));
  }

  openDemo(): Promise<boolean> {
    return this.#opened(() => api.dialogueOpenDemo());
  }

  saveCopy(): Promise<boolean> {
    return this.#withPath('save_copy', async (path) => {
      const ok = await this.#run(() => api.dialogueSaveCopy(path));
      if (ok) this.notice = m.copy_saved({ path });
      return ok;
    });
  }

  async close(): Promise<boolean> {
    const ok = await this.#run(() => api.dialogueClose());
    if (ok) {
      this.info = null;
      await this.#refreshRecent();
    }
    return ok;
  }

  /** The open file was replaced (a backup put back): every list reloads, and `notice` says so. */
  restored(info: DialogueInfo, notice: string): void {
    this.clearMessages();
    this.info = info;
    this.generation += 1;
    this.notice = notice;
  }

  /**
   * Opening shows a dialogue before it is opened for work; this opens it once its first screen
   * is painted (true: the lists can load), and starts waiting for SQLite's check of the whole
   * file (seconds at sector scale), which runs beside the lists. When that check finds the file
   * damaged, the dialogue closes with `error` saying why. False when the file could not be
   * opened (`error` says why), or another file was opened meanwhile.
   */
  async settle(): Promise<boolean> {
    const generation = this.generation;
    await painted();
    try {
      const info = await api.dialogueReady();
      if (generation !== this.generation) return false;
      this.info = info;
    } catch (reason) {
      if (generation !== this.generation) return false;
      this.#refused(reason);
      return false;
    }
    void this.#checked(generation);
    return true;
  }

  /** Waits for the whole-file check of the file opened as `generation`. */
  async #checked(generation: number): Promise<void> {
    // Said only when it takes a while (a large file), so a small one does not flash it.
    const slow = setTimeout(() => (this.checking = generation === this.generation), 400);
    try {
      await api.dialogueChecked();
      if (generation !== this.generation) return;
      // Checked whole, it is now one of the recent files.
      await this.#refreshRecent();
    } catch (reason) {
      if (generation === this.generation) this.#refused(reason);
    } finally {
      clearTimeout(slow);
      if (generation === this.generation) this.checking = false;
    }
  }

  /** The open file turned out unusable: closed, with `error` saying why. */
  #refused(reason: unknown): void {
    this.info = null;
    this.error = toIpcError(reason);
    void this.#refreshRecent();
  }

  /** Re-reads counts and metadata of the open file. */
  async refresh(): Promise<void> {
    if (!this.info) return;
    try {
      this.info = await api.dialogueInfo();
    } catch (reason) {
      this.error = toIpcError(reason);
    }
  }

  /** Rejects with an `IpcError` so the form can show it beside the field. */
  async update(input: DialogueInput): Promise<void> {
    const dialogue = await api.dialogueUpdate(input);
    if (this.info) this.info = { ...this.info, dialogue };
  }

  async forget(path: string): Promise<void> {
    await this.#run(async () => {
      this.recent = await api.recentForget(path);
    });
  }

  async #withPath(purpose: PickPurpose, then: (path: string) => Promise<boolean>): Promise<boolean> {
    let path: string | null = null;
    const picked = await this.#run(async () => {
      path = await api.pickPath(purpose);
    });
    if (!picked || path === null) return false;
    return then(path);
  }

  async #opened(opening: () => Promise<DialogueInfo>): Promise<boolean> {
    return this.#run(async () => {
      this.info = await opening();
      this.generation += 1;
      await this.#refreshRecent();
    });
  }

  async #refreshRecent(): Promise<void> {
    try {
      this.recent = (await api.appSnapshot()).recent;
    } catch {
      // The list is a convenience; a failure to refresh it must not hide the real result.
    }
  }

  /** Runs one action with the busy flag, replacing earlier messages with this one's outcome. */
  async #run(action: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.clearMessages();
    try {
      await action();
      return true;
    } catch (reason) {
      this.error = toIpcError(reason);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const dialogue = new DialogueState();
