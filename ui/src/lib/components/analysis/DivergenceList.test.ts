// The divergence list: the core's ranking as given, the filters, the verdict beside the
// figures with the mismatch flag, muted topics with too few positions, opening a topic.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { ErrorPayload, Overview, TopicAnalysis } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { ui } from '$lib/state/ui.svelte';
import { counts, topicAnalysis } from '$lib/analysis/divergence.fixtures';
import DivergenceList from './DivergenceList.svelte';

const producers = { dimension: 'chain_role', code: 'producer' } as const;
const commercial = { dimension: 'chain_role', code: 'commercial_broadcaster' } as const;

/** Four topics in the core's order (not by code), covering every filter. */
const TOPICS: TopicAnalysis[] = [
  topicAnalysis({
    id: 't-a',
    code: '3.1',
    title: 'Zichtbaarheid in het buitenland',
    bouwsteen: 'Zichtbaarheid',
    bouwsteen_id: 'b-4',
    kind: 'ambition',
    production_types: ['documentary'],
    marked: 'consensus',
    suggested: 'divergence',
    mismatch: true,
    agreement_a: -0.25,
    cns: 0.31,
    fault_line: 'Producenten sterk voor; commerciële omroepen sterk tegen',
    fault: { high: [producers], high_mean: 2, low: [commercial], low_mean: -2, text: 'Producenten sterk voor; commerciële omroepen sterk tegen' },
  }),
  topicAnalysis({
    id: 't-b',
    code: '2.2',
    title: 'Rechten bij de producent',
    production_types: ['feature_film', 'series'],
    marked: null,
    suggested: 'consensus_with_reservations',
    fault_line: 'Bioscopen/filmtheaters voor; streamingdiensten tegen',
    fault: {
      high: [{ dimension: 'chain_role', code: 'cinema' }],
      high_mean: 1,
      low: [{ dimension: 'segment', code: 'groep 2' }, { dimension: 'chain_role', code: 'streamer' }],
      low_mean: -1,
      text: 'Bioscopen/filmtheaters voor; streamingdiensten tegen',
    },
  }),
  topicAnalysis({
    id: 't-c',
    code: '1.1',
    title: 'Opleidingen',
    bouwsteen: 'Talent en vakmanschap',
    bouwsteen_id: 'b-1',
    kind: 'bottleneck',
    production_types: ['series'],
    marked: 'divergence',
    suggested: 'divergence',
  }),
  topicAnalysis({
    id: 't-d',
    code: '4.3',
    title: 'Festivalprogrammering',
    bouwsteen: 'Zichtbaarheid',
    bouwsteen_id: 'b-4',
    kind: 'precondition',
    production_types: [],
    counts: counts(0, 0, 0, 1, 0, 2),
    counted: 1,
    too_few: true,
    suggested: 'insufficient',
    marked: null,
    agreement_a: 1,
    cns: 1,
    divergence: null,
  }),
];

function backend(result: Overview | ErrorPayload = { topics: TOPICS }) {
  const calls: string[] = [];
  mockIPC((cmd) => {
    calls.push(cmd);
    if (cmd === 'analysis_overview') {
      if ('code' in result) throw result;
      return result;
    }
    throw { code: 'internal', message: `unexpected ${cmd}`, field: null } satisfies ErrorPayload;
  });
  return calls;
}

const codes = () => screen.getAllByTestId('divergence-row').map((r) => r.dataset.code);
const row = (code: string) => screen.getAllByTestId('divergence-row').find((r) => r.dataset.code === code)!;

async function choose(testid: string, value: string) {
  await fireEvent.change(screen.getByTestId(testid), { target: { value } });
}

beforeEach(() => {
  locale.set('nl');
  ui.detail = null;
  ui.section = 'analysis';
});
afterEach(() => clearMocks());

describe('DivergenceList', () => {
  it('shows the topics in the order the core ranks them, with rank, measures and distribution', async () => {
    backend();
    render(DivergenceList);
    await screen.findAllByTestId('divergence-row');
    expect(codes()).toEqual(['3.1', '2.2', '1.1', '4.3']);

    const first = row('3.1');
    const cells = within(first).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('1');
    expect(within(first).getByRole('rowheader')).toHaveTextContent('Zichtbaarheid in het buitenland');
    expect(within(first).getByRole('rowheader')).toHaveTextContent('Zichtbaarheid');
    expect(first).toHaveTextContent('\u22120,25');
    expect(first).toHaveTextContent('0,31');
    expect(within(row('2.2')).getByRole('img')).toHaveAccessibleName(
      'Verdeling: 2 sterk tegen, 2 tegen, 2 neutraal, 3 voor, 4 sterk voor, 1 geen standpunt',
    );
    expect(within(first).getByTestId('divergence-fault-line')).toHaveTextContent('Producenten sterk voor; commerciële omroepen sterk tegen');
    expect(within(row('1.1')).queryByTestId('divergence-fault-line')).toBeNull();
    expect(row('1.1')).toHaveTextContent('Geen breuklijn');
    expect(screen.getByTestId('divergence-shown')).toHaveTextContent('4 van 4 onderwerpen');
    expect(screen.getByRole('table')).toHaveAccessibleName('Onderwerpen, de meest verdeelde bovenaan');
    expect(screen.getAllByRole('columnheader').map((h) => h.getAttribute('scope'))).toEqual(Array(7).fill('col'));
  });

  it('narrows the rows with each filter, keeping each topic’s rank', async () => {
    backend();
    render(DivergenceList);
    await screen.findAllByTestId('divergence-row');

    // The bouwstenen offered are those of the topics, once each.
    const bouwsteen = screen.getByTestId('filter-bouwsteen');
    expect(within(bouwsteen).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Alle bouwstenen',
      'Ontwikkeling en productie',
      'Talent en vakmanschap',
      'Zichtbaarheid',
    ]);
    await choose('filter-bouwsteen', 'b-4');
    expect(codes()).toEqual(['3.1', '4.3']);
    expect(within(row('4.3')).getAllByRole('cell')[0]).toHaveTextContent('4');
    expect(screen.getByTestId('divergence-shown')).toHaveTextContent('2 van 4 onderwerpen');
    await choose('filter-bouwsteen', '');

    await choose('filter-kind', 'bottleneck');
    expect(codes()).toEqual(['1.1']);
    await choose('filter-kind', '');

    await choose('filter-production-type', 'series');
    expect(codes()).toEqual(['2.2', '1.1']);
    await choose('filter-production-type', '');

    // Chain role: either side of the fault line counts; a segment of the same name does not.
    await choose('filter-chain-role', 'cinema');
    expect(codes()).toEqual(['2.2']);
    await choose('filter-chain-role', 'streamer');
    expect(codes()).toEqual(['2.2']);
    await choose('filter-chain-role', 'commercial_broadcaster');
    expect(codes()).toEqual(['3.1']);
    await choose('filter-chain-role', 'maker');
    expect(screen.queryAllByTestId('divergence-row')).toHaveLength(0);
    expect(screen.getByText('Geen onderwerpen die aan deze filters voldoen.')).toBeInTheDocument();
    expect(screen.getByTestId('divergence-shown')).toHaveTextContent('0 van 4 onderwerpen');
    expect(screen.getByTestId('filter-chain-role')).toHaveAccessibleDescription(
      'Waar deze schakel aan één kant van de breuklijn staat.',
    );

    // Filters combine; "Filters wissen" brings every topic back.
    await choose('filter-chain-role', '');
    await choose('filter-bouwsteen', 'b-2');
    await choose('filter-production-type', 'feature_film');
    expect(codes()).toEqual(['2.2']);
    await fireEvent.click(screen.getByRole('button', { name: 'Filters wissen' }));
    expect(codes()).toEqual(['3.1', '2.2', '1.1', '4.3']);
    expect(screen.getByTestId('filter-bouwsteen')).toHaveValue('');
  });

  it('shows the verdict beside the suggestion, and flags a mismatch only where the core sets it', async () => {
    backend();
    render(DivergenceList);
    await screen.findAllByTestId('divergence-row');
    const flags = screen.getAllByTestId('divergence-mismatch');
    expect(flags).toHaveLength(1);
    expect(row('3.1')).toContainElement(flags[0]);
    expect(flags[0]).toHaveTextContent('⚠ Oordeel wijkt af van de cijfers');
    expect(row('3.1')).toHaveTextContent('Oordeel: Consensus');
    expect(row('3.1')).toHaveTextContent('Cijfers: Verdeeldheid');
    expect(row('2.2')).toHaveTextContent('Nog geen oordeel');
    expect(row('2.2')).toHaveTextContent('Cijfers: Consensus met voorbehoud');
    expect(within(row('1.1')).queryByTestId('divergence-mismatch')).toBeNull();
  });

  it('mutes a topic with too few positions and says why', async () => {
    backend();
    render(DivergenceList);
    await screen.findAllByTestId('divergence-row');
    expect(row('4.3')).toHaveClass('too-few');
    expect(within(row('4.3')).getByTestId('divergence-too-few')).toHaveTextContent('te weinig standpunten');
    expect(row('4.3')).toHaveTextContent('Cijfers: Te weinig standpunten');
    expect(row('1.1')).not.toHaveClass('too-few');
    expect(within(row('1.1')).queryByTestId('divergence-too-few')).toBeNull();
  });

  it('opens the topic page from a title', async () => {
    backend();
    render(DivergenceList);
    await screen.findAllByTestId('divergence-row');
    ui.section = 'overview';
    await fireEvent.click(within(row('1.1')).getByRole('button', { name: 'Opleidingen' }));
    expect(ui.detail).toEqual({ kind: 'topic', id: 't-c' });
    expect(ui.section).toBe('analysis');
  });

  it('lays out 50 rows at a time, and starts again at 50 when a filter changes', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      topicAnalysis({ id: `t-${i}`, code: `1.${i + 1}`, title: `Onderwerp ${i + 1}`, bouwsteen_id: i < 60 ? 'b-1' : 'b-2', bouwsteen: i < 60 ? 'Talent' : 'Productie' }),
    );
    backend({ topics: many });
    render(DivergenceList);
    await screen.findAllByTestId('divergence-row');
    expect(screen.getAllByTestId('divergence-row')).toHaveLength(50);
    expect(screen.getByTestId('divergence-shown')).toHaveTextContent('120 van 120 onderwerpen');
    expect(screen.getByTestId('divergence-more')).toHaveTextContent('Toon de volgende 50 onderwerpen (50 van 120 getoond)');
    await fireEvent.click(screen.getByTestId('divergence-more'));
    expect(screen.getAllByTestId('divergence-row')).toHaveLength(100);
    await fireEvent.click(screen.getByTestId('divergence-more'));
    expect(screen.getAllByTestId('divergence-row')).toHaveLength(120);
    expect(screen.queryByTestId('divergence-more')).toBeNull();
    await choose('filter-bouwsteen', 'b-2');
    await waitFor(() => expect(screen.getAllByTestId('divergence-row')).toHaveLength(50));
    expect(screen.getByTestId('divergence-more')).toHaveTextContent('Toon de volgende 10 onderwerpen (50 van 60 getoond)');
  });

  it('says so when there are no topics yet', async () => {
    backend({ topics: [] });
    render(DivergenceList);
    expect(await screen.findByText(/Er zijn nog geen onderwerpen/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows a failed load as an alert with the details', async () => {
    backend({ code: 'no_dialogue_open', message: 'no dialogue is open', field: null });
    render(DivergenceList);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Er is geen dialoog geopend.');
    expect(alert).toHaveTextContent('Details: no dialogue is open');
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
  });
});
