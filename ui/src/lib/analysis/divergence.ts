//! The divergence list's filters: which of the ranked topics a choice of bouwsteen, kind,
//! production type and chain role (on the fault line) keeps, with each topic's rank kept.
import type { ChainRole, ProductionType, TopicAnalysis, TopicKind } from '$lib/ipc/bindings';

/** The filter choices; '' means "all". */
export interface DivergenceFilters {
  bouwsteen: string;
  kind: TopicKind | '';
  productionType: ProductionType | '';
  chainRole: ChainRole | '';
}

export const NO_FILTERS: Readonly<DivergenceFilters> = { bouwsteen: '', kind: '', productionType: '', chainRole: '' };

export interface RankedTopic {
  /** 1-based place in the full divergence list, whatever the filters hide. */
  rank: number;
  topic: TopicAnalysis;
}

/** True when the chain role is one of the groups on either side of the topic's fault line. */
export function onFaultLine(topic: TopicAnalysis, role: ChainRole): boolean {
  const fault = topic.fault;
  if (!fault) return false;
  return [...fault.high, ...fault.low].some((g) => g.dimension === 'chain_role' && g.code === role);
}

export function matchesFilters(topic: TopicAnalysis, filters: DivergenceFilters): boolean {
  return (
    (filters.bouwsteen === '' || topic.bouwsteen_id === filters.bouwsteen) &&
    (filters.kind === '' || topic.kind === filters.kind) &&
    (filters.productionType === '' || topic.production_types.includes(filters.productionType)) &&
    (filters.chainRole === '' || onFaultLine(topic, filters.chainRole))
  );
}

/** The topics the filters keep, in the order given, each with its rank in the full list. */
export function filterRanked(topics: readonly TopicAnalysis[], filters: DivergenceFilters): RankedTopic[] {
  const out: RankedTopic[] = [];
  topics.forEach((topic, i) => {
    if (matchesFilters(topic, filters)) out.push({ rank: i + 1, topic });
  });
  return out;
}

export function filtersActive(filters: DivergenceFilters): boolean {
  return filters.bouwsteen !== '' || filters.kind !== '' || filters.productionType !== '' || filters.chainRole !== '';
}

/**
 * The bouwstenen the topics belong to, once each: in the dialogue's order where `position`
 * knows them, the others after them by name.
 */
export function bouwsteenChoices(
  topics: readonly TopicAnalysis[],
  position: (id: string) => number | undefined = () => undefined,
): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const t of topics) if (!seen.has(t.bouwsteen_id)) seen.set(t.bouwsteen_id, t.bouwsteen);
  const key = (id: string) => position(id) ?? Number.MAX_SAFE_INTEGER;
  return [...seen].map(([id, name]) => ({ id, name })).sort((a, b) => key(a.id) - key(b.id) || a.name.localeCompare(b.name));
}
