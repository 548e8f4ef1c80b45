//! The facilitator's marking of each topic (consensus, consensus with reservations,
//! divergence, open) with a note and who set it when. Shared by meeting mode and the topic list.
import { api, toIpcError, type IpcError } from '$lib/ipc/api';
import type { Marking, Verdict } from '$lib/ipc/bindings';

export class VerdictState {
  items = $state.raw<Verdict[]>([]);
  loaded = $state(false);
  /** The last failed load; `set` and `clear` reject so their caller can place the error. */
  error = $state<IpcError | null>(null);

  readonly #byTopic = $derived(new Map(this.items.map((v) => [v.topic_id, v])));

  /** The topic's marking, or undefined when it has none. */
  byTopic(topicId: string): Verdict | undefined {
    return this.#byTopic.get(topicId);
  }

  reset(): void {
    this.items = [];
    this.loaded = false;
    this.error = null;
  }

  async load(): Promise<void> {
    try {
      this.items = await api.verdictList();
      this.loaded = true;
      this.error = null;
    } catch (reason) {
      this.error = toIpcError(reason);
    }
  }

  /** Marks the topic (replacing an earlier marking); rejects with an `IpcError`. */
  async set(topicId: string, marking: Marking, note: string): Promise<Verdict> {
    const verdict = await api.verdictSet(topicId, marking, note);
    this.items = [...this.items.filter((v) => v.topic_id !== topicId), verdict];
    return verdict;
  }

  /** Removes the topic's marking; rejects with an `IpcError`. */
  async clear(topicId: string): Promise<void> {
    await api.verdictClear(topicId);
    this.items = this.items.filter((v) => v.topic_id !== topicId);
  }
}

export const verdicts = new VerdictState();
