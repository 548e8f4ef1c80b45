//! Translated labels for the codes the core uses (chain roles, kinds, production types…).
import type { ChainRole, ProductionType, SessionKind, TopicKind } from '$lib/ipc/bindings';
import { m } from '$lib/paraglide/messages.js';
import './locale.svelte';

type Label = () => string;

const CHAIN_ROLE_LABELS: Record<ChainRole, Label> = {
  producer: m.chain_role_producer,
  maker: m.chain_role_maker,
  public_broadcaster: m.chain_role_public_broadcaster,
  commercial_broadcaster: m.chain_role_commercial_broadcaster,
  streamer: m.chain_role_streamer,
  distributor: m.chain_role_distributor,
  cinema: m.chain_role_cinema,
  fund: m.chain_role_fund,
  festival: m.chain_role_festival,
  training: m.chain_role_training,
  development: m.chain_role_development,
  cable_operator: m.chain_role_cable_operator,
  government: m.chain_role_government,
  other: m.chain_role_other,
};

const PRODUCTION_TYPE_LABELS: Record<ProductionType, Label> = {
  series: m.production_type_series,
  feature_film: m.production_type_feature_film,
  documentary: m.production_type_documentary,
  animation: m.production_type_animation,
  innovative_media: m.production_type_innovative_media,
};

const TOPIC_KIND_LABELS: Record<TopicKind, Label> = {
  bottleneck: m.kind_bottleneck,
  precondition: m.kind_precondition,
  solution_direction: m.kind_solution_direction,
  ambition: m.kind_ambition,
};

const SESSION_KIND_LABELS: Record<SessionKind, Label> = {
  working_group: m.session_kind_working_group,
  bilateral: m.session_kind_bilateral,
  nff: m.session_kind_nff,
};

/** Topic priorities as stored: 1 low, 2 normal, 3 high. */
export const PRIORITIES = [1, 2, 3] as const;
const PRIORITY_LABELS: Record<number, Label> = { 1: m.priority_1, 2: m.priority_2, 3: m.priority_3 };

export const chainRoleLabel = (code: ChainRole): string => CHAIN_ROLE_LABELS[code]();
export const productionTypeLabel = (code: ProductionType): string => PRODUCTION_TYPE_LABELS[code]();
export const topicKindLabel = (code: TopicKind): string => TOPIC_KIND_LABELS[code]();
export const sessionKindLabel = (code: SessionKind): string => SESSION_KIND_LABELS[code]();
export const priorityLabel = (priority: number): string => (PRIORITY_LABELS[priority] ?? m.priority_2)();
