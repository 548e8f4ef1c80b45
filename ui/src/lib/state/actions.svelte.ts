//! Follow-up actions (vervolgacties): what someone will do, by when, and how far it is.
import { api } from '$lib/ipc/api';
import type { Action, ActionInput } from '$lib/ipc/bindings';
import { CrudState } from './crud.svelte';

const collator = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });

/** Actions sort by due date (earliest first, undated last), then title. */
export function compareActions(a: Action, b: Action): number {
  if (a.due_date && b.due_date && a.due_date !== b.due_date) return a.due_date < b.due_date ? -1 : 1;
  if (a.due_date && !b.due_date) return -1;
  if (!a.due_date && b.due_date) return 1;
  return collator.compare(a.title, b.title);
}

/** This computer's calendar date, `YYYY-MM-DD`. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** True for an open or in-progress action whose due date lies before `today` (`YYYY-MM-DD`). */
export function isOverdue(action: Action, today: string): boolean {
  if (action.status !== 'open' && action.status !== 'in_progress') return false;
  return action.due_date !== null && action.due_date !== '' && action.due_date < today;
}

/** The overdue actions, in the order given. */
export function overdueActions(actions: readonly Action[], today: string): Action[] {
  return actions.filter((action) => isOverdue(action, today));
}

export class ActionState extends CrudState<Action, ActionInput> {
  constructor() {
    super({ list: api.actionList, create: api.actionCreate, update: api.actionUpdate, remove: api.actionDelete }, compareActions);
  }
}

export const actions = new ActionState();
