//! Test builders for the analysis payloads (typed by the generated bindings, so they follow
//! the core), shared by the review views' tests.
import type {
  ChainRole,
  Measures,
  Move,
  PartyRef,
  Position,
  ProfileTopic,
  SessionMeasures,
  StanceCounts,
  TopicAnalysis,
  TopicShift,
} from '$lib/ipc/bindings';

const T = '2025-03-01T09:00:00Z';

/** Counts from −2 up to +2, then "no position". */
export function counts(min2: number, min1: number, zero: number, plus1: number, plus2: number, none = 0): StanceCounts {
  return { '-2': min2, '-1': min1, '0': zero, '1': plus1, '2': plus2, none };
}

export function measures(overrides: Partial<Measures> = {}): Measures {
  return {
    counts: counts(1, 1, 1, 2, 2),
    counted: 7,
    share_for: 4 / 7,
    share_against: 2 / 7,
    share_neutral: 1 / 7,
    mean: 0.43,
    cns: 0.55,
    agreement_a: 0.2,
    too_few: false,
    ...overrides,
  };
}

export function topicAnalysis(overrides: Partial<TopicAnalysis> = {}): TopicAnalysis {
  return {
    id: 't-1',
    code: '2.2',
    title: 'Rechten bij de producent',
    bouwsteen: 'Ontwikkeling en productie',
    bouwsteen_id: 'b-2',
    kind: 'solution_direction',
    priority: 3,
    production_types: ['feature_film'],
    counts: counts(2, 2, 2, 3, 4, 1),
    counted: 13,
    share_for: 0.538,
    share_against: 0.308,
    share_neutral: 0.154,
    mean: 0.38,
    cns: 0.55,
    agreement_a: 0.19,
    too_few: false,
    conditions: 1,
    suggested: 'divergence',
    marked: 'divergence',
    mismatch: false,
    fault_line: null,
    fault: null,
    divergence: 1.21,
    ...overrides,
  };
}

export function partyRef(id: string, name: string, chain_role: ChainRole = 'producer', segment = ''): PartyRef {
  return { id, name, short_name: '', chain_role, segment };
}

export function position(overrides: Partial<Position> = {}): Position {
  return {
    id: 'pos-1',
    topic_id: 't-1',
    party_id: 'p-1',
    session_id: 's-1',
    stance: 1,
    rationale: '',
    condition: '',
    quote: '',
    recorded_at: T,
    recorded_by: 'facilitator',
    ...overrides,
  };
}

export function sessionMeasures(session_id: string, session_title: string, starts_at: string, overrides: Partial<Measures> = {}): SessionMeasures {
  return { session_id, session_title, starts_at, measures: measures(overrides) };
}

export function profileTopic(overrides: Partial<ProfileTopic> = {}): ProfileTopic {
  return { topic_id: 't-1', code: '1.1', title: 'Opleidingen', bouwsteen: 'Talent en vakmanschap', cell: 1, others_mean: 0.5, ...overrides };
}

export function move(party: PartyRef, from: number | null, to: number | null, direction: Move['direction'], topic_id = 't-1'): Move {
  return { topic_id, party, from, to, direction };
}

export function topicShift(overrides: Partial<TopicShift> = {}): TopicShift {
  return {
    topic_id: 't-1',
    code: '2.2',
    title: 'Rechten bij de producent',
    bouwsteen: 'Ontwikkeling en productie',
    before: measures({ agreement_a: 0.1 }),
    after: measures({ agreement_a: 0.4 }),
    trend: 'converged',
    moves: [],
    ...overrides,
  };
}
