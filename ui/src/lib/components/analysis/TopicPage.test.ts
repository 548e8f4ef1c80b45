// The topic page: measures with "no position" apart from neutral, the verdict beside the
// suggestion, the distribution, the fault line, the split tables, the parties' positions and
// the history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { ErrorPayload, TopicDetail } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { ui } from '$lib/state/ui.svelte';
import { counts, measures, partyRef, position, sessionMeasures, topicAnalysis } from '$lib/analysis/divergence.fixtures';
import TopicPage from './TopicPage.svelte';

function detail(overrides: Partial<TopicDetail> = {}): TopicDetail {
  return {
    analysis: topicAnalysis({
      id: 't-1',
      code: '2.2',
      title: 'Rechten bij de producent',
      // 1 strongly against, 2 neutral, 1 for, 3 strongly for; 2 without a position.
      counts: counts(1, 0, 2, 1, 3, 2),
      counted: 7,
      share_for: 4 / 7,
      share_against: 1 / 7,
      share_neutral: 2 / 7,
      mean: 0.86,
      agreement_a: 0.3,
      cns: 0.48,
      marked: 'consensus',
      suggested: 'divergence',
      mismatch: true,
      fault_line: 'Producenten sterk voor; publieke omroepen tegen',
    }),
    splits: [
      { group: { dimension: 'chain_role', code: 'producer' }, parties: 3, measures: measures({ counts: counts(0, 0, 0, 1, 2), counted: 3, mean: 1.67, agreement_a: 0.75 }) },
      { group: { dimension: 'chain_role', code: 'public_broadcaster' }, parties: 2, measures: measures({ counts: counts(1, 1, 0, 0, 0), counted: 2, mean: -1.5, agreement_a: 0.5 }) },
      { group: { dimension: 'production_type', code: 'feature_film' }, parties: 4, measures: measures({ mean: 0.5 }) },
      { group: { dimension: 'segment', code: 'groep 1' }, parties: 5, measures: measures({ mean: null, agreement_a: null, counted: 0, counts: counts(0, 0, 0, 0, 0, 5) }) },
    ],
    stances: [
      {
        party: partyRef('p-1', 'Producentenalliantie', 'producer'),
        position: position({ party_id: 'p-1', stance: 2, rationale: 'Zonder rechten geen ontwikkeling.', condition: 'de rechten na vijf jaar terugvallen', quote: 'Dit is voor ons de kern.' }),
        session_title: 'Werkgroep 12 maart',
      },
      {
        party: partyRef('p-2', 'Omroep Horizon', 'public_broadcaster'),
        position: position({ party_id: 'p-2', stance: null, rationale: 'Nog in intern overleg.' }),
        session_title: 'Werkgroep 2 april',
      },
    ],
    silent: [partyRef('p-3', 'Bioscoopbond', 'cinema')],
    timeline: [
      sessionMeasures('s-1', 'Werkgroep 12 maart', '2025-03-12T09:00:00Z', { agreement_a: 0.1, cns: 0.4, counted: 5 }),
      sessionMeasures('s-2', 'Werkgroep 2 april', '2025-04-02T09:00:00Z', { agreement_a: 0.3, cns: 0.48, counted: 7 }),
    ],
    verdict_note: 'Besproken; producenten willen nog rekenen.',
    ...overrides,
  };
}

function backend(result: TopicDetail | ErrorPayload = detail()) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === 'analysis_topic') {
      if ('code' in result) throw result;
      return result;
    }
    throw { code: 'internal', message: `unexpected ${cmd}`, field: null } satisfies ErrorPayload;
  });
  return calls;
}

beforeEach(() => {
  locale.set('nl');
  ui.detail = null;
});
afterEach(() => clearMocks());

describe('TopicPage', () => {
  it('asks for its topic and heads the page with code and title, bouwsteen, kind and priority', async () => {
    const calls = backend();
    render(TopicPage, { topicId: 't-1' });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('2.2 Rechten bij de producent');
    expect(calls).toContainEqual({ cmd: 'analysis_topic', args: { topic_id: 't-1' } });
    const page = screen.getByTestId('topic-page');
    expect(page).toHaveTextContent('Ontwikkeling en productie');
    expect(page).toHaveTextContent('Oplossingsrichting');
    expect(page).toHaveTextContent('Hoog');
    expect(page).toHaveTextContent('Speelfilm');
  });

  it('counts "no position" apart and never as neutral', async () => {
    backend();
    render(TopicPage, { topicId: 't-1' });
    await screen.findByTestId('topic-page');
    expect(screen.getByTestId('topic-counted')).toHaveTextContent('7');
    expect(screen.getByTestId('topic-none')).toHaveTextContent('2');
    expect(screen.getByTestId('topic-measures')).toHaveTextContent('Telt niet mee, ook niet als neutraal.');
    expect(screen.getByTestId('topic-share-neutral')).toHaveTextContent(/^29\s?%$/);
    expect(screen.getByTestId('topic-share-for')).toHaveTextContent(/^57\s?%$/);
    expect(screen.getByTestId('topic-share-against')).toHaveTextContent(/^14\s?%$/);
    expect(screen.getByTestId('topic-a')).toHaveTextContent('0,30');
    expect(screen.getByTestId('topic-cns')).toHaveTextContent('0,48');
    expect(screen.queryByTestId('topic-too-few')).toBeNull();

    // The chart: one column per stance, then "geen standpunt" set apart; each with its count as text.
    const columns = within(screen.getByTestId('topic-distribution')).getAllByRole('listitem');
    expect(columns.map((c) => c.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '−− sterk tegen: 1',
      '− tegen: 0',
      '0 neutraal: 2',
      '+ voor: 1',
      '++ sterk voor: 3',
      '∅ geen standpunt: 2',
    ]);
    expect(columns[5]).toHaveClass('apart');
  });

  it('notes too few positions plainly', async () => {
    const few = detail();
    few.analysis = { ...few.analysis, too_few: true, counted: 2, counts: counts(0, 0, 1, 1, 0, 3), suggested: 'insufficient', mismatch: false };
    backend(few);
    render(TopicPage, { topicId: 't-1' });
    expect(await screen.findByTestId('topic-too-few')).toHaveTextContent('Te weinig standpunten (minder dan 3)');
    expect(screen.getByTestId('topic-suggested')).toHaveTextContent('Te weinig standpunten');
    expect(screen.queryByTestId('topic-mismatch')).toBeNull();
  });

  it('puts the facilitator’s verdict beside the suggestion, with the mismatch and the note', async () => {
    backend();
    render(TopicPage, { topicId: 't-1' });
    await screen.findByTestId('topic-page');
    expect(screen.getByTestId('topic-marked')).toHaveTextContent('Consensus');
    expect(screen.getByTestId('topic-suggested')).toHaveTextContent('Verdeeldheid');
    const mismatch = screen.getByTestId('topic-mismatch');
    expect(mismatch).toHaveTextContent('⚠ Oordeel wijkt af van de cijfers');
    expect(mismatch).toHaveTextContent('minstens één partij staat aan de andere kant');
    expect(screen.getByTestId('topic-page')).toHaveTextContent('Besproken; producenten willen nog rekenen.');
    expect(screen.getByTestId('topic-fault-line')).toHaveTextContent('Producenten sterk voor; publieke omroepen tegen');
  });

  it('says when there is no fault line and no verdict', async () => {
    const plain = detail({ verdict_note: '' });
    plain.analysis = { ...plain.analysis, fault_line: null, fault: null, marked: null, mismatch: false };
    backend(plain);
    render(TopicPage, { topicId: 't-1' });
    expect(await screen.findByTestId('topic-fault-line')).toHaveTextContent('Geen breuklijn');
    expect(screen.getByTestId('topic-marked')).toHaveTextContent('Nog geen oordeel vastgelegd.');
  });

  it('splits the distribution per chain role, production type and segment', async () => {
    backend();
    render(TopicPage, { topicId: 't-1' });
    await screen.findByTestId('topic-page');
    const tables = screen.getAllByTestId('topic-split');
    expect(tables.map((t) => t.dataset.dimension)).toEqual(['chain_role', 'production_type', 'segment']);
    expect(tables[0]).toHaveAccessibleName('Per ketenrol');
    expect(tables[1]).toHaveAccessibleName('Per productietype');
    expect(tables[2]).toHaveAccessibleName('Per segment');

    const producer = within(tables[0]).getAllByTestId('topic-split-row')[0];
    expect(within(producer).getByRole('rowheader')).toHaveTextContent('Producent');
    const cells = within(producer).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('3');
    expect(within(cells[1]).getByRole('img')).toHaveAccessibleName('Verdeling: 0 sterk tegen, 0 tegen, 0 neutraal, 1 voor, 2 sterk voor, 0 geen standpunt');
    expect(cells[2]).toHaveTextContent('1,67 (sterk voor)');
    expect(cells[3]).toHaveTextContent('0,75');
    expect(within(tables[0]).getAllByTestId('topic-split-row')[1]).toHaveTextContent('Publieke omroep');
    expect(within(tables[0]).getAllByTestId('topic-split-row')[1]).toHaveTextContent('\u22121,50 (sterk tegen)');
    expect(within(tables[2]).getByRole('rowheader')).toHaveTextContent('groep 1');
    expect(within(tables[2]).getAllByRole('cell')[2]).toHaveTextContent('–');
  });

  it('lists the parties’ current positions with condition, quote and session, and the silent parties', async () => {
    backend();
    render(TopicPage, { topicId: 't-1' });
    await screen.findByTestId('topic-page');
    const rows = screen.getAllByTestId('topic-stance');
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByTestId('stance')).toHaveTextContent('++ sterk voor');
    expect(rows[0]).toHaveTextContent('Zonder rechten geen ontwikkeling.');
    expect(within(rows[0]).getByTestId('topic-condition')).toHaveTextContent('mits de rechten na vijf jaar terugvallen');
    expect(rows[0]).toHaveTextContent('Dit is voor ons de kern.');
    expect(rows[0]).toHaveTextContent('Werkgroep 12 maart');
    expect(within(rows[1]).getByTestId('stance')).toHaveTextContent('geen standpunt');
    expect(within(rows[1]).queryByTestId('topic-condition')).toBeNull();
    expect(screen.getByTestId('topic-silent')).toHaveTextContent('Bioscoopbond');

    await fireEvent.click(within(rows[1]).getByRole('button', { name: 'Omroep Horizon' }));
    expect(ui.detail).toEqual({ kind: 'party', id: 'p-2' });
    await fireEvent.click(within(screen.getByTestId('topic-silent')).getByRole('button', { name: 'Bioscoopbond' }));
    expect(ui.detail).toEqual({ kind: 'party', id: 'p-3' });
  });

  it('shows A and Cns after each session', async () => {
    backend();
    render(TopicPage, { topicId: 't-1' });
    const table = await screen.findByTestId('topic-timeline');
    expect(table).toHaveAccessibleName('Overeenstemming (A) en consensus (Cns) na elke sessie');
    const rows = within(table).getAllByTestId('topic-timeline-row');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(['Werkgroep 12 maart', 'Werkgroep 2 april']);
    expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual([expect.stringContaining('12 maart 2025'), '5', '0,10', '0,40']);
    expect(within(rows[1]).getAllByRole('cell').slice(1).map((c) => c.textContent)).toEqual(['7', '0,30', '0,48']);
    expect(document.querySelector('.line-chart svg')).not.toBeNull();
  });

  it('shows a failed load as an alert', async () => {
    backend({ code: 'not_found', message: 'topic t-9 not found', field: null });
    render(TopicPage, { topicId: 't-9' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Dit item bestaat niet meer.');
    expect(alert).toHaveTextContent('Details: topic t-9 not found');
    expect(screen.queryByTestId('topic-page')).toBeNull();
  });
});
