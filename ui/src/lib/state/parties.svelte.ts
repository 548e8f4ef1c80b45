//! The parties at the table, each with a chain role and a colour.
import { api } from '$lib/ipc/api';
import type { Party, PartyInput } from '$lib/ipc/bindings';
import { CrudState } from './crud.svelte';

/** Okabe–Ito: eight colours that stay distinct for the common kinds of colour blindness. */
export const PARTY_PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'] as const;

const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });

export class PartyState extends CrudState<Party, PartyInput> {
  constructor() {
    super(
      { list: api.partyList, create: api.partyCreate, update: api.partyUpdate, remove: api.partyDelete },
      (a, b) => collator.compare(a.name, b.name),
    );
  }

  /** The first palette colour no party uses yet (or the next in turn when all are taken). */
  nextColour(): string {
    const used = new Set(this.items.map((p) => p.colour.toLowerCase()));
    return PARTY_PALETTE.find((c) => !used.has(c)) ?? PARTY_PALETTE[this.items.length % PARTY_PALETTE.length];
  }
}

export const parties = new PartyState();
