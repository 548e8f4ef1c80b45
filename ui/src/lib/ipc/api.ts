//! The one typed client over Tauri's `invoke`: every command of the IPC contract, and
//! the mapping of every rejection to an `IpcError` the UI branches on by `code`.
import { invoke } from '@tauri-apps/api/core';
import { noteCall } from './paint';
import type {
  AboutInfo,
  AppSnapshot,
  BackupList,
  Bouwsteen,
  BouwsteenInput,
  Dialogue,
  DialogueInfo,
  DialogueInput,
  ErrorCode,
  ErrorPayload,
  Lang,
  Party,
  PartyInput,
  PickPurpose,
  RecentFile,
  Session,
  SessionInput,
  Topic,
  TopicInput,
} from './bindings';
import { ERROR_CODES } from './bindings';
import type { HistoryEntry, Marking, Position, PositionChange, PositionInput, PositionKey, Verdict } from './bindings';
import type { Action, ActionInput, ImportReport, SearchHit } from './bindings';
import type {
  Alignment,
  CellDetail,
  HeatmapLayout,
  HeatmapWindow,
  Movement,
  Overview,
  PartyProfile,
  PolisReport,
  TopicDetail,
} from './bindings';
import type { Agenda, AgendaFormat, AgendaItem, AgendaItemInput, DraftParams, MergeReport } from './bindings';
import type { ErasureReport, Person } from './bindings';


/** A failed command. `message` is in the user's language, for the details line; show `code` translated. */
export class IpcError extends Error {
  readonly code: ErrorCode;
  readonly field: string | null;

  constructor(code: ErrorCode, message: string, field: string | null = null) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
    this.field = field;
  }

  static from(payload: ErrorPayload): IpcError {
    return new IpcError(payload.code, payload.message, payload.field);
  }
}

function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && (ERROR_CODES as readonly string[]).includes(v.code);
}

/** Anything a command can reject with, as an `IpcError`; what is not a payload is `internal`. */
export function toIpcError(reason: unknown): IpcError {
  if (reason instanceof IpcError) return reason;
  if (isErrorPayload(reason)) {
    return new IpcError(reason.code, String(reason.message ?? ''), reason.field ?? null);
  }
  if (reason instanceof Error) return new IpcError('internal', reason.message);
  return new IpcError('internal', typeof reason === 'string' ? reason : JSON.stringify(reason));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  const answered = noteCall(command);
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toIpcError(reason);
  } finally {
    answered();
  }
}

export const api = {
  appSnapshot: () => call<AppSnapshot>('app_snapshot'),
  about: () => call<AboutInfo>('about'),
  setLang: (lang: Lang) => call<null>('set_lang', { lang }),
  pickPath: (purpose: PickPurpose) => call<string | null>('pick_path', { purpose }),

  dialogueNew: (path: string, demo = false) => call<DialogueInfo>('dialogue_new', { path, demo }),
  dialogueOpen: (path: string) => call<DialogueInfo>('dialogue_open', { path }),
  /** Opens the shown dialogue for work; see `DialogueState.settle`. */
  dialogueReady: () => call<DialogueInfo>('dialogue_ready'),
  /** Resolves once the open file has passed its whole-file check; fails (closed) when damaged. */
  dialogueChecked: () => call<DialogueInfo>('dialogue_checked'),
  dialogueOpenDemo: () => call<DialogueInfo>('dialogue_open_demo'),
  dialogueSaveCopy: (path: string) => call<null>('dialogue_save_copy', { path }),
  dialogueClose: () => call<null>('dialogue_close'),
  dialogueInfo: () => call<DialogueInfo>('dialogue_info'),
  backupList: () => call<BackupList>('backup_list'),
  /** Puts backup `id` in place of the open file (keeping the current state as a backup first). */
  backupRestore: (id: string) => call<DialogueInfo>('backup_restore', { id }),
  dialogueUpdate: (input: DialogueInput) => call<Dialogue>('dialogue_update', { input }),
  recentForget: (path: string) => call<RecentFile[]>('recent_forget', { path }),

  bouwsteenList: () => call<Bouwsteen[]>('bouwsteen_list'),
  bouwsteenCreate: (input: BouwsteenInput) => call<Bouwsteen>('bouwsteen_create', { input }),
  bouwsteenUpdate: (id: string, input: BouwsteenInput) => call<Bouwsteen>('bouwsteen_update', { id, input }),
  bouwsteenDelete: (id: string) => call<null>('bouwsteen_delete', { id }),
  bouwsteenMove: (id: string, index: number) => call<Bouwsteen[]>('bouwsteen_move', { id, index }),

  topicList: () => call<Topic[]>('topic_list'),
  topicCreate: (input: TopicInput) => call<Topic>('topic_create', { input }),
  topicUpdate: (id: string, input: TopicInput) => call<Topic>('topic_update', { id, input }),
  topicDelete: (id: string) => call<null>('topic_delete', { id }),

  partyList: () => call<Party[]>('party_list'),
  partyCreate: (input: PartyInput) => call<Party>('party_create', { input }),
  partyUpdate: (id: string, input: PartyInput) => call<Party>('party_update', { id, input }),
  partyDelete: (id: string) => call<null>('party_delete', { id }),

  personList: () => call<Person[]>('person_list'),
  personExport: (id: string, path: string) => call<null>('person_export', { id, path }),
  personErase: (id: string) => call<ErasureReport>('person_erase', { id }),

  sessionList: () => call<Session[]>('session_list'),
  sessionCreate: (input: SessionInput) => call<Session>('session_create', { input }),
  sessionUpdate: (id: string, input: SessionInput) => call<Session>('session_update', { id, input }),
  sessionDelete: (id: string) => call<null>('session_delete', { id }),

  positionSet: (input: PositionInput) => call<PositionChange>('position_set', { input }),
  positionClear: (key: PositionKey) => call<PositionChange>('position_clear', { key }),
  /** One topic's entries in a session (meeting mode loads a topic at a time). */
  positionsInSession: (sessionId: string, topicId: string) =>
    call<Position[]>('positions_in_session', { session_id: sessionId, topic_id: topicId }),
  positionHistory: (topicId: string, partyId: string) => call<HistoryEntry[]>('position_history', { topic_id: topicId, party_id: partyId }),
  verdictSet: (topicId: string, marking: Marking, note: string) => call<Verdict>('verdict_set', { topic_id: topicId, marking, note }),
  verdictList: () => call<Verdict[]>('verdict_list'),
  verdictClear: (topicId: string) => call<null>('verdict_clear', { topic_id: topicId }),

  actionList: () => call<Action[]>('action_list'),
  actionCreate: (input: ActionInput) => call<Action>('action_create', { input }),
  actionUpdate: (id: string, input: ActionInput) => call<Action>('action_update', { id, input }),
  actionDelete: (id: string) => call<null>('action_delete', { id }),

  search: (query: string) => call<SearchHit[]>('search', { query }),

  positionsImportCsv: (path: string) => call<ImportReport>('positions_import_csv', { path }),
  positionsExportCsv: (path: string) => call<number>('positions_export_csv', { path }),
  reportExport: (path: string) => call<null>('report_export', { path }),
  positionsExportXlsx: (path: string) => call<number>('positions_export_xlsx', { path }),
  positionsImportXlsx: (path: string) => call<ImportReport>('positions_import_xlsx', { path }),
  bundleExport: (path: string) => call<null>('bundle_export', { path }),
  bundleImport: (path: string) => call<MergeReport>('bundle_import', { path }),
  positionsImportPolis: (path: string) => call<PolisReport>('positions_import_polis', { path }),

  analysisOverview: () => call<Overview>('analysis_overview'),
  analysisTopic: (topicId: string) => call<TopicDetail>('analysis_topic', { topic_id: topicId }),
  analysisParty: (partyId: string) => call<PartyProfile>('analysis_party', { party_id: partyId }),
  analysisAlignment: () => call<Alignment>('analysis_alignment'),
  analysisMovement: (fromSession: string, toSession: string) =>
    call<Movement>('analysis_movement', { from_session: fromSession, to_session: toSession }),
  heatmapLayout: () => call<HeatmapLayout>('heatmap_layout'),
  heatmapWindow: (row: number, column: number, rows: number, columns: number) =>
    call<HeatmapWindow>('heatmap_window', { row, column, rows, columns }),
  agendaGet: (sessionId: string) => call<Agenda>('agenda_get', { session_id: sessionId }),
  agendaDraft: (sessionId: string, params: DraftParams) => call<Agenda>('agenda_draft', { session_id: sessionId, params }),
  agendaItemAdd: (sessionId: string, input: AgendaItemInput) => call<AgendaItem>('agenda_item_add', { session_id: sessionId, input }),
  agendaItemUpdate: (id: string, input: AgendaItemInput) => call<AgendaItem>('agenda_item_update', { id, input }),
  agendaItemDelete: (id: string) => call<null>('agenda_item_delete', { id }),
  agendaItemMove: (id: string, index: number) => call<Agenda>('agenda_item_move', { id, index }),
  agendaExport: (sessionId: string, format: AgendaFormat, path: string) =>
    call<null>('agenda_export', { session_id: sessionId, format, path }),
  heatmapCell: (topicId: string, partyId: string) => call<CellDetail>('heatmap_cell', { topic_id: topicId, party_id: partyId }),
};
