//! Builders for IPC payloads in tests, so each test states only what it is about.
import type { AppSnapshot, DialogueInfo, ErrorPayload, Party } from '$lib/ipc/bindings';

const T = '2025-03-01T09:00:00Z';

export function dialogueInfo(overrides: Partial<DialogueInfo> = {}): DialogueInfo {
  return {
    path: '/home/facilitator/sectorplan.ketentafel',
    file_name: 'sectorplan.ketentafel',
    schema_version: 1,
    dialogue: { id: 'd-1', title: 'Sectorplan audiovisueel', description: '', created_at: T, updated_at: T },
    counts: { bouwstenen: 4, topics: 0, parties: 0, people: 0, sessions: 0, positions: 0, verdicts: 0, actions: 0 },
    backup_path: null,
    read_only: false,
    ...overrides,
  };
}

export function snapshot(overrides: Partial<AppSnapshot> = {}): AppSnapshot {
  return { version: '0.1.0', lang: 'nl', dialogue: null, recent: [], reopen_error: null, ...overrides };
}

export function party(overrides: Partial<Party> = {}): Party {
  return {
    id: 'p-1',
    name: 'Nederlandse Audiovisuele Producenten Alliantie',
    short_name: 'NAPA',
    chain_role: 'producer',
    segment: '',
    production_types: ['series', 'feature_film'],
    colour: '#0072b2',
    notes: '',
    created_at: T,
    updated_at: T,
    ...overrides,
  };
}

export function errorPayload(code: ErrorPayload['code'], field: string | null = null): ErrorPayload {
  return { code, message: `technical detail for ${code}`, field };
}
