//! An in-memory stand-in for the core's meeting commands (positions, sessions, verdicts), for
//! the meeting-mode tests. Records every call.
import { mockIPC } from '@tauri-apps/api/mocks';
import type { Bouwsteen, HistoryEntry, Party, Position, PositionInput, PositionKey, Session, SessionInput, Topic, Verdict } from '$lib/ipc/bindings';
import { errorPayload, party } from './fixtures';

const T = '2025-03-01T09:00:00Z';

export type Call = { cmd: string; args: Record<string, unknown> };

export function bouwsteen(id: string, position: number, name: string): Bouwsteen {
  return { id, position, name, description: '', created_at: T, updated_at: T };
}

export function topic(id: string, bouwsteen_id: string, code: string, title: string): Topic {
  return { id, bouwsteen_id, code, kind: 'bottleneck', title, description: '', priority: 2, production_types: [], created_at: T, updated_at: T };
}

export function session(overrides: Partial<Session> = {}): Session {
  return {
    id: 's-1',
    title: 'Werkgroep 12 maart',
    kind: 'working_group',
    starts_at: '2025-03-12T09:00:00Z',
    ends_at: '2025-03-12T11:00:00Z',
    location: '',
    notes: '',
    attendee_ids: [],
    created_at: T,
    updated_at: T,
    ...overrides,
  };
}

export interface MeetingBackend {
  calls: Call[];
  positions: Map<string, Position>;
  /** Makes the next `position_set` fail with this code. */
  failNext: (code: 'io' | 'invalid_input' | null) => void;
}

export function meetingBackend(
  options: { sessions?: Session[]; parties?: Party[]; topics?: Topic[]; bouwstenen?: Bouwsteen[]; verdicts?: Verdict[]; history?: HistoryEntry[] } = {},
): MeetingBackend {
  const calls: Call[] = [];
  const positions = new Map<string, Position>();
  let sessions = options.sessions ?? [session()];
  const parties = options.parties ?? [
    party({ id: 'p-a', name: 'Omroep B', short_name: 'OB', chain_role: 'public_broadcaster' }),
    party({ id: 'p-b', name: 'Producentenalliantie', short_name: 'PA', chain_role: 'producer' }),
    party({ id: 'p-c', name: 'Bioscoopbond', short_name: 'BB', chain_role: 'cinema' }),
  ];
  const bouwstenen = options.bouwstenen ?? [bouwsteen('b2', 2, 'Ontwikkeling en productie'), bouwsteen('b1', 1, 'Talent en vakmanschap')];
  const topics = options.topics ?? [
    topic('t-3', 'b2', '2.1', 'Rechten en exploitatie'),
    topic('t-1', 'b1', '1.1', 'Opleidingen'),
    topic('t-2', 'b1', '1.2', 'Stages'),
  ];
  let verdicts = options.verdicts ?? [];
  let failure: 'io' | 'invalid_input' | null = null;
  let counter = 0;
  const keyOf = (k: PositionKey) => `${k.topic_id}|${k.party_id}|${k.session_id}`;

  mockIPC((cmd, raw) => {
    const args = (raw ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    switch (cmd) {
      case 'bouwsteen_list':
        return bouwstenen;
      case 'topic_list':
        return topics;
      case 'party_list':
        return parties;
      case 'session_list':
        return sessions;
      case 'session_create': {
        const created = session({ id: `s-new-${sessions.length}`, ...(args.input as SessionInput) });
        sessions = [...sessions, created];
        return created;
      }
      case 'session_update': {
        const updated = { ...sessions.find((s) => s.id === args.id)!, ...(args.input as SessionInput) };
        sessions = sessions.map((s) => (s.id === args.id ? updated : s));
        return updated;
      }
      case 'positions_in_session':
        return [...positions.values()].filter((p) => p.session_id === args.session_id && p.topic_id === args.topic_id);
      case 'position_set': {
        if (failure) {
          const code = failure;
          failure = null;
          throw errorPayload(code);
        }
        const input = args.input as PositionInput;
        const k = keyOf(input);
        const before = positions.get(k) ?? null;
        counter += 1;
        const after: Position = {
          id: before?.id ?? `pos-${counter}`,
          ...input,
          recorded_at: `2025-03-12T09:${String(counter % 60).padStart(2, '0')}:00Z`,
          recorded_by: 'facilitator',
        };
        positions.set(k, after);
        return { key: { topic_id: input.topic_id, party_id: input.party_id, session_id: input.session_id }, before, after };
      }
      case 'position_clear': {
        const key = args.key as PositionKey;
        const before = positions.get(keyOf(key)) ?? null;
        positions.delete(keyOf(key));
        return { key, before, after: null };
      }
      case 'verdict_list':
        return verdicts;
      case 'verdict_set': {
        const verdict: Verdict = {
          topic_id: args.topic_id as string,
          marking: args.marking as Verdict['marking'],
          note: args.note as string,
          marked_by: 'facilitator',
          marked_at: '2025-03-12T10:00:00Z',
        };
        verdicts = [...verdicts.filter((v) => v.topic_id !== verdict.topic_id), verdict];
        return verdict;
      }
      case 'verdict_clear':
        verdicts = verdicts.filter((v) => v.topic_id !== args.topic_id);
        return null;
      case 'position_history':
        return options.history ?? [];
      default:
        throw errorPayload('internal');
    }
  });
  return { calls, positions, failNext: (code) => (failure = code) };
}
