//! The sessions (meetings) of the dialogue, earliest first.
import { api } from '$lib/ipc/api';
import type { Session, SessionInput } from '$lib/ipc/bindings';
import { CrudState } from './crud.svelte';

export class SessionState extends CrudState<Session, SessionInput> {
  constructor() {
    super(
      { list: api.sessionList, create: api.sessionCreate, update: api.sessionUpdate, remove: api.sessionDelete },
      (a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.title.localeCompare(b.title),
    );
  }
}

export const sessions = new SessionState();
