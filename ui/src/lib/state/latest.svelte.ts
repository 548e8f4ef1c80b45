//! One value loaded from the core where only the latest request counts: a page that loads
//! again (another topic, a reopened file) never shows an answer that arrived late.
import { toIpcError, type IpcError } from '$lib/ipc/api';

export class Latest<T> {
  value = $state.raw<T | null>(null);
  error = $state<IpcError | null>(null);
  loading = $state(false);
  #ticket = 0;

  constructor(loading = false) {
    this.loading = loading;
  }

  /** Runs `fetch`; its answer (or error) is kept only if no later load started meanwhile. */
  async load(fetch: () => Promise<T>): Promise<void> {
    const mine = ++this.#ticket;
    this.loading = true;
    try {
      const value = await fetch();
      if (mine !== this.#ticket) return;
      this.value = value;
      this.error = null;
    } catch (reason) {
      if (mine !== this.#ticket) return;
      this.error = toIpcError(reason);
    } finally {
      if (mine === this.#ticket) this.loading = false;
    }
  }
}
