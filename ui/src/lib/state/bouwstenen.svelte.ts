//! The dialogue's bouwstenen (building blocks), in their fixed order.
import { api, toIpcError } from '$lib/ipc/api';
import type { Bouwsteen, BouwsteenInput } from '$lib/ipc/bindings';
import { CrudState } from './crud.svelte';

export class BouwsteenState extends CrudState<Bouwsteen, BouwsteenInput> {
  constructor() {
    super(
      { list: api.bouwsteenList, create: api.bouwsteenCreate, update: api.bouwsteenUpdate, remove: api.bouwsteenDelete },
      (a, b) => a.position - b.position,
    );
  }

  /** Moves a bouwsteen to a 0-based index; the core renumbers and returns the whole list. */
  async move(id: string, index: number): Promise<boolean> {
    if (index < 0 || index >= this.items.length) return false;
    try {
      this.setItems(await api.bouwsteenMove(id, index));
      this.error = null;
      return true;
    } catch (reason) {
      this.error = toIpcError(reason);
      return false;
    }
  }
}

export const bouwstenen = new BouwsteenState();
