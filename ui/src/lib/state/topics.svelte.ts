//! The dialogue's topics (knelpunten, voorwaarden, oplossingsrichtingen, ambities).
import { api } from '$lib/ipc/api';
import type { Bouwsteen, Topic, TopicInput } from '$lib/ipc/bindings';
import { CrudState } from './crud.svelte';

const collator = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });

/** Topics sort by code (numerically, so 2.10 follows 2.9), then title. */
export function compareTopics(a: Topic, b: Topic): number {
  if (a.code && b.code) return collator.compare(a.code, b.code) || collator.compare(a.title, b.title);
  if (a.code) return -1;
  if (b.code) return 1;
  return collator.compare(a.title, b.title);
}

export interface TopicGroup {
  bouwsteen: Bouwsteen | null;
  topics: Topic[];
}

/** True when the query occurs in the topic's code, title or description (case-insensitive). */
export function topicMatches(topic: Topic, query: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return true;
  return [topic.code, topic.title, topic.description].some((text) => text.toLocaleLowerCase().includes(q));
}

/** Topics grouped by bouwsteen, in bouwsteen order; topics whose bouwsteen is unknown come last. */
export function groupTopics(topics: readonly Topic[], bouwstenen: readonly Bouwsteen[]): TopicGroup[] {
  const groups = new Map<string, TopicGroup>(bouwstenen.map((b) => [b.id, { bouwsteen: b, topics: [] }]));
  const orphans: Topic[] = [];
  for (const topic of topics) (groups.get(topic.bouwsteen_id)?.topics ?? orphans).push(topic);
  const result = [...groups.values()];
  if (orphans.length > 0) result.push({ bouwsteen: null, topics: orphans });
  return result;
}

export class TopicState extends CrudState<Topic, TopicInput> {
  constructor() {
    super({ list: api.topicList, create: api.topicCreate, update: api.topicUpdate, remove: api.topicDelete }, compareTopics);
  }

  countIn(bouwsteenId: string): number {
    return this.items.filter((t) => t.bouwsteen_id === bouwsteenId).length;
  }
}

export const topics = new TopicState();
