//! The shared shape of one domain's list state: load, create, update, delete over the IPC
//! client, with the list replaced (not mutated) so `$state.raw` stays cheap at sector scale.
import { toIpcError, type IpcError } from '$lib/ipc/api';

export interface CrudApi<T, I> {
  list: () => Promise<T[]>;
  create: (input: I) => Promise<T>;
  update: (id: string, input: I) => Promise<T>;
  remove: (id: string) => Promise<null>;
}

export class CrudState<T extends { id: string }, I> {
  items = $state.raw<T[]>([]);
  loaded = $state(false);
  /** The last failed list-level action (load, move); forms and confirmations show their own. */
  error = $state<IpcError | null>(null);

  readonly #api: CrudApi<T, I>;
  readonly #order: (a: T, b: T) => number;

  constructor(api: CrudApi<T, I>, order: (a: T, b: T) => number) {
    this.#api = api;
    this.#order = order;
  }

  protected setItems(items: T[]): void {
    this.items = [...items].sort(this.#order);
  }

  byId(id: string): T | undefined {
    return this.items.find((item) => item.id === id);
  }

  reset(): void {
    this.items = [];
    this.loaded = false;
    this.error = null;
  }

  async load(): Promise<void> {
    try {
      this.setItems(await this.#api.list());
      this.loaded = true;
      this.error = null;
    } catch (reason) {
      this.error = toIpcError(reason);
    }
  }

  /** Rejects with an `IpcError` so the form can place it next to its field. */
  async create(input: I): Promise<T> {
    const created = await this.#api.create(input);
    this.setItems([...this.items, created]);
    return created;
  }

  async update(id: string, input: I): Promise<T> {
    const updated = await this.#api.update(id, input);
    this.setItems(this.items.map((item) => (item.id === id ? updated : item)));
    return updated;
  }

  /** Updates the item with `id`, or creates one when there is no id. */
  save(id: string | null | undefined, input: I): Promise<T> {
    return id ? this.update(id, input) : this.create(input);
  }

  /** Rejects with an `IpcError` (e.g. `in_use`) so the confirmation can say why. */
  async remove(id: string): Promise<void> {
    await this.#api.remove(id);
    this.setItems(this.items.filter((item) => item.id !== id));
  }
}
