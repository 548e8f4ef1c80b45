import { describe, expect, it } from 'vitest';
import type { TopicAnalysis } from '$lib/ipc/bindings';
import { topicAnalysis } from './divergence.fixtures';
import { bouwsteenChoices, filterRanked, filtersActive, NO_FILTERS, onFaultLine } from './divergence';

const fault = (high: string[], low: string[], segment = false): TopicAnalysis['fault'] => ({
  high: high.map((code) => ({ dimension: segment ? 'segment' : 'chain_role', code })),
  high_mean: 1.5,
  low: low.map((code) => ({ dimension: 'chain_role', code })),
  low_mean: -1,
  text: '',
});

const TOPICS = [
  topicAnalysis({ id: 'a', bouwsteen_id: 'b-2', bouwsteen: 'Ontwikkeling en productie', kind: 'bottleneck', production_types: ['series'], fault: fault(['producer', 'maker'], ['streamer']) }),
  topicAnalysis({ id: 'b', bouwsteen_id: 'b-1', bouwsteen: 'Talent en vakmanschap', kind: 'ambition', production_types: [], fault: null }),
  topicAnalysis({ id: 'c', bouwsteen_id: 'b-2', bouwsteen: 'Ontwikkeling en productie', kind: 'ambition', production_types: ['series', 'animation'], fault: fault(['cinema'], ['producer'], true) }),
];

const ids = (filters: Partial<typeof NO_FILTERS>) => filterRanked(TOPICS, { ...NO_FILTERS, ...filters }).map((r) => `${r.rank}:${r.topic.id}`);

describe('divergence filters', () => {
  it('keeps everything, with ranks from 1, when nothing is chosen', () => {
    expect(ids({})).toEqual(['1:a', '2:b', '3:c']);
    expect(filtersActive(NO_FILTERS)).toBe(false);
    expect(filtersActive({ ...NO_FILTERS, kind: 'ambition' })).toBe(true);
  });

  it('narrows by bouwsteen, kind and production type, and combines them', () => {
    expect(ids({ bouwsteen: 'b-2' })).toEqual(['1:a', '3:c']);
    expect(ids({ kind: 'ambition' })).toEqual(['2:b', '3:c']);
    expect(ids({ productionType: 'animation' })).toEqual(['3:c']);
    expect(ids({ bouwsteen: 'b-2', kind: 'ambition', productionType: 'series' })).toEqual(['3:c']);
  });

  it('finds a chain role on either side of the fault line, but not a segment of the same code', () => {
    expect(onFaultLine(TOPICS[0], 'maker')).toBe(true);
    expect(onFaultLine(TOPICS[0], 'streamer')).toBe(true);
    expect(onFaultLine(TOPICS[1], 'producer')).toBe(false);
    expect(ids({ chainRole: 'producer' })).toEqual(['1:a', '3:c']);
    expect(ids({ chainRole: 'cinema' })).toEqual([]);
  });

  it('offers each bouwsteen once, in the dialogue’s order where known', () => {
    expect(bouwsteenChoices(TOPICS).map((b) => b.id)).toEqual(['b-2', 'b-1']);
    expect(bouwsteenChoices(TOPICS, (id) => ({ 'b-1': 1, 'b-2': 2 })[id]).map((b) => b.name)).toEqual(['Talent en vakmanschap', 'Ontwikkeling en productie']);
  });
});
