// Movement between two sessions: the default pair, the summary, each topic's trend and
// moves, the empty states and a failed load.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { ErrorPayload, Movement, Session } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { sessions } from '$lib/state/sessions.svelte';
import { ui } from '$lib/state/ui.svelte';
import { measures, move, partyRef, topicShift } from '$lib/analysis/divergence.fixtures';
import { session } from '../../../test/meeting-backend';
import MovementView, { defaultPair } from './MovementView.svelte';

const horizon = partyRef('p-1', 'Omroepvereniging Horizon', 'public_broadcaster');
const producers = partyRef('p-2', 'Producentenalliantie', 'producer');
const cinemas = partyRef('p-3', 'Bioscoopbond', 'cinema');

const at = (day: string) => ({ starts_at: `${day}T09:00:00Z`, ends_at: `${day}T11:00:00Z` });

/** Three sessions in the past, one far ahead; listed out of order, as a backend may. */
const SESSIONS: Session[] = [
  session({ id: 's-3', title: 'NFF-sessie', kind: 'nff', ...at('2021-09-25') }),
  session({ id: 's-1', title: 'Werkgroep januari', ...at('2021-01-10') }),
  session({ id: 's-future', title: 'Werkgroep later', ...at('2099-01-01') }),
  session({ id: 's-2', title: 'Werkgroep maart', ...at('2021-03-12') }),
];

const MOVEMENT: Movement = {
  from_session: 's-2',
  to_session: 's-3',
  topics: [
    topicShift({
      topic_id: 't-1',
      code: '2.2',
      title: 'Rechten bij de producent',
      before: measures({ agreement_a: 0.1 }),
      after: measures({ agreement_a: 0.45 }),
      trend: 'converged',
      moves: [move(horizon, -2, 1, 'toward_for'), move(producers, 1, null, 'withdrew')],
    }),
    topicShift({
      topic_id: 't-2',
      code: '1.1',
      title: 'Opleidingen',
      bouwsteen: 'Talent en vakmanschap',
      before: measures({ agreement_a: 0.6 }),
      after: measures({ agreement_a: 0.2 }),
      trend: 'diverged',
      moves: [move(cinemas, null, -1, 'took_position', 't-2')],
    }),
    topicShift({ topic_id: 't-3', code: '3.1', title: 'Zichtbaarheid', trend: 'converged', moves: [] }),
  ],
  converged: 2,
  diverged: 1,
  moves: 3,
};

function backend(options: { sessions?: Session[]; movement?: Movement | ErrorPayload } = {}) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === 'session_list') return options.sessions ?? SESSIONS;
    if (cmd === 'analysis_movement') {
      const result = options.movement ?? MOVEMENT;
      if ('code' in result) throw result;
      return result;
    }
    throw { code: 'internal', message: `unexpected ${cmd}`, field: null } satisfies ErrorPayload;
  });
  return calls;
}

const movementCalls = (calls: { cmd: string; args: unknown }[]) => calls.filter((c) => c.cmd === 'analysis_movement').map((c) => c.args);
const topic = (code: string) => screen.getAllByTestId('movement-topic').find((t) => t.dataset.code === code)!;
const flat = (el: HTMLElement) => el.textContent?.replace(/\s+/g, ' ').trim();

beforeEach(() => {
  locale.set('nl');
  sessions.reset();
  ui.detail = null;
});
afterEach(() => clearMocks());

describe('defaultPair', () => {
  it('takes the two most recent sessions that have begun, earlier first', () => {
    expect(defaultPair(SESSIONS, Date.parse('2030-01-01'))).toEqual(['s-2', 's-3']);
    expect(defaultPair(SESSIONS, Date.parse('2021-06-01'))).toEqual(['s-1', 's-2']);
  });

  it('falls back to the first two when fewer than two have begun, and to none with one session', () => {
    expect(defaultPair(SESSIONS, Date.parse('2021-02-01'))).toEqual(['s-1', 's-2']);
    expect(defaultPair(SESSIONS, Date.parse('2000-01-01'))).toEqual(['s-1', 's-2']);
    expect(defaultPair(SESSIONS.slice(0, 1))).toBeNull();
  });
});

describe('MovementView', () => {
  it('compares the two most recent past sessions by default, in time order, and sums up', async () => {
    const calls = backend();
    render(MovementView);
    const summary = await screen.findByTestId('movement-summary');
    expect(summary).toHaveTextContent('3 verschuivingen; 2 onderwerpen naar elkaar toe, 1 uit elkaar');
    expect(screen.getByTestId('movement-from')).toHaveValue('s-2');
    expect(screen.getByTestId('movement-to')).toHaveValue('s-3');
    expect(movementCalls(calls)).toEqual([{ from_session: 's-2', to_session: 's-3' }]);
    // The options run by start, earliest first.
    const options = within(screen.getByTestId('movement-from')).getAllByRole('option');
    expect(options.map((o) => (o as HTMLOptionElement).value)).toEqual(['s-1', 's-2', 's-3', 's-future']);
    expect(options[1]).toHaveTextContent(/^Werkgroep maart — .*12 maart 2021$/);
    expect(screen.getByLabelText('Van sessie')).toBe(screen.getByTestId('movement-from'));
    expect(screen.getByLabelText('Naar sessie')).toBe(screen.getByTestId('movement-to'));
  });

  it('lays out 25 topics at a time and counts in the language’s digit grouping', async () => {
    const many: Movement = {
      ...MOVEMENT,
      topics: Array.from({ length: 60 }, (_, i) =>
        topicShift({ topic_id: `t-${i}`, code: `1.${i + 1}`, title: `Onderwerp ${i + 1}`, trend: 'diverged', moves: [move(horizon, 1, -1, 'toward_against', `t-${i}`)] }),
      ),
      converged: 0,
      diverged: 1204,
      moves: 10465,
    };
    backend({ movement: many });
    render(MovementView);
    expect(await screen.findByTestId('movement-summary')).toHaveTextContent('10.465 verschuivingen; 0 onderwerpen naar elkaar toe, 1.204 uit elkaar');
    expect(screen.getAllByTestId('movement-topic')).toHaveLength(25);
    await fireEvent.click(screen.getByTestId('movement-more'));
    expect(screen.getAllByTestId('movement-topic')).toHaveLength(50);
    expect(screen.getByTestId('movement-more')).toHaveTextContent('Toon de volgende 10 onderwerpen (50 van 60 getoond)');
    await fireEvent.click(screen.getByTestId('movement-more'));
    expect(screen.getAllByTestId('movement-topic')).toHaveLength(60);
    expect(screen.queryByTestId('movement-more')).toBeNull();
  });

  it('shows each topic’s trend in words with its arrow, A before and after, and who moved which way', async () => {
    backend();
    render(MovementView);
    await screen.findByTestId('movement-summary');
    expect(screen.getAllByTestId('movement-topic').map((t) => t.dataset.code)).toEqual(['2.2', '1.1', '3.1']);

    const rights = topic('2.2');
    expect(within(rights).getByTestId('movement-trend')).toHaveTextContent('↗ Naar elkaar toe (A steeg)');
    expect(within(rights).getByTestId('movement-a')).toHaveTextContent('A: 0,10 → 0,45');
    const moves = within(rights).getAllByTestId('movement-move');
    expect(moves.map(flat)).toEqual([
      'Omroepvereniging Horizon: −− sterk tegen → + voor ▲ richting voor',
      'Producentenalliantie: + voor → ∅ geen standpunt ○ trok het standpunt in',
    ]);

    const training = topic('1.1');
    expect(within(training).getByTestId('movement-trend')).toHaveTextContent('↘ Uit elkaar (A daalde)');
    expect(within(training).getByTestId('movement-a')).toHaveTextContent('A: 0,60 → 0,20');
    expect(flat(within(training).getByTestId('movement-move'))).toBe('Bioscoopbond: ∅ geen standpunt → − tegen ● nam een standpunt in');

    expect(within(topic('3.1')).queryAllByTestId('movement-move')).toHaveLength(0);
    expect(topic('3.1')).toHaveTextContent('Geen partij veranderde van standpunt');

    await fireEvent.click(within(rights).getByRole('button', { name: '2.2 Rechten bij de producent' }));
    expect(ui.detail).toEqual({ kind: 'topic', id: 't-1' });
    await fireEvent.click(within(training).getByRole('button', { name: 'Bioscoopbond' }));
    expect(ui.detail).toEqual({ kind: 'party', id: 'p-3' });
  });

  it('asks again when another session is chosen, and not at all for the same one twice', async () => {
    const calls = backend();
    render(MovementView);
    await screen.findByTestId('movement-summary');
    await fireEvent.change(screen.getByTestId('movement-from'), { target: { value: 's-1' } });
    await waitFor(() => expect(movementCalls(calls)).toContainEqual({ from_session: 's-1', to_session: 's-3' }));
    await fireEvent.change(screen.getByTestId('movement-to'), { target: { value: 's-1' } });
    expect(await screen.findByText('Kies twee verschillende sessies om te vergelijken.')).toBeInTheDocument();
    expect(screen.queryByTestId('movement-summary')).toBeNull();
    expect(movementCalls(calls)).toHaveLength(2);
  });

  it('needs two sessions before it can show movement', async () => {
    const calls = backend({ sessions: [SESSIONS[0]] });
    render(MovementView);
    expect(await screen.findByText('Beweging is te zien zodra er minstens twee sessies zijn.')).toBeInTheDocument();
    expect(screen.queryByTestId('movement-from')).toBeNull();
    expect(movementCalls(calls)).toHaveLength(0);
  });

  it('says so when nobody moved', async () => {
    backend({ movement: { ...MOVEMENT, topics: [], converged: 0, diverged: 0, moves: 0 } });
    render(MovementView);
    expect(await screen.findByText('Tussen deze twee sessies is geen partij van standpunt veranderd.')).toBeInTheDocument();
    expect(screen.queryByTestId('movement-summary')).toBeNull();
  });

  it('writes the summary in the singular for one of each', async () => {
    backend({ movement: { ...MOVEMENT, topics: [MOVEMENT.topics[1]], converged: 1, diverged: 1, moves: 1 } });
    render(MovementView);
    expect(await screen.findByTestId('movement-summary')).toHaveTextContent('1 verschuiving; 1 onderwerp naar elkaar toe, 1 uit elkaar');
  });

  it('shows a failed comparison as an alert', async () => {
    backend({ movement: { code: 'not_found', message: 'session s-3 not found', field: null } });
    render(MovementView);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Dit item bestaat niet meer.');
    expect(alert).toHaveTextContent('Details: session s-3 not found');
    expect(screen.queryByTestId('movement-topic')).toBeNull();
  });
});
