//! Positions in and out as CSV, the two file actions beside Nieuw/Openen: pick a path, let
//! the core read or write it, then report the outcome where the other file actions do.
import { api, toIpcError } from '$lib/ipc/api';
import type { ImportReport, MergeCounts, MergeReport, PickPurpose } from '$lib/ipc/bindings';
import { m } from '$lib/i18n';
import { listText, plural } from '$lib/i18n/codes';
import { dialogue, type DialogueState } from './dialogue.svelte';
import { bouwstenen } from './bouwstenen.svelte';
import { topics } from './topics.svelte';
import { parties } from './parties.svelte';
import { sessions } from './sessions.svelte';

/** The notice after an import: how many positions, and what the import created. */
export function importReportText(report: ImportReport): string {
  const imported = plural(report.positions_written, m.csv_imported_one, m.csv_imported_other, {});
  const counts: [number, typeof m.csv_new_topics_one, typeof m.csv_new_topics_other][] = [
    [report.bouwstenen_created, m.csv_new_bouwstenen_one, m.csv_new_bouwstenen_other],
    [report.topics_created, m.csv_new_topics_one, m.csv_new_topics_other],
    [report.parties_created, m.csv_new_parties_one, m.csv_new_parties_other],
    [report.sessions_created, m.csv_new_sessions_one, m.csv_new_sessions_other],
  ];
  const created = counts.filter(([count]) => count > 0).map(([count, one, other]) => plural(count, one, other, {}));
  return created.length > 0 ? m.csv_report_created({ imported, created: listText(created) }) : m.csv_report({ imported });
}

const total = (c: MergeCounts): number => Object.values(c).reduce((a, b) => a + b, 0);

/** "12 toegevoegd, 3 bijgewerkt; 2 verschillen: de nieuwste versie is gehouden, de andere staat in het logboek." */
export function mergeReportText(report: MergeReport): string {
  const added = total(report.added);
  const updated = total(report.updated);
  const base = m.bundle_merged({ added, updated });
  return report.conflicts.length > 0 ? `${base} ${m.bundle_conflicts({ count: report.conflicts.length })}` : base;
}

export class CsvState {
  busy = $state(false);

  /** Where the outcome is shown: the file-level error and notice of the open dialogue. */
  readonly #messages: Pick<DialogueState, 'error' | 'notice' | 'clearMessages' | 'refresh'>;

  constructor(messages: Pick<DialogueState, 'error' | 'notice' | 'clearMessages' | 'refresh'> = dialogue) {
    this.#messages = messages;
  }

  /** Imports positions from a CSV file the user picks; every list is reloaded after a success. */
  importPositions(): Promise<boolean> {
    return this.#withPath('import_csv', async (path) => {
      const report = await api.positionsImportCsv(path);
      await this.reloadAll();
      this.#messages.notice = importReportText(report);
    });
  }

  /** Imports a Pol.is export folder the user picks: statements, participants and votes. */
  importPolis(): Promise<boolean> {
    return this.#withPath('import_polis', async (path) => {
      const report = await api.positionsImportPolis(path);
      await this.reloadAll();
      this.#messages.notice = m.polis_imported({ topics: report.topics, parties: report.parties, positions: report.positions });
    });
  }

  /** Writes the working group's report draft; the chosen extension decides the format. */
  exportReport(): Promise<boolean> {
    return this.#withPath('export_report', async (path) => {
      await api.reportExport(path);
      this.#messages.notice = m.report_exported({ path });
    });
  }

  /** The matrix (with heat-map colours) and every position as an Excel workbook. */
  exportXlsx(): Promise<boolean> {
    return this.#withPath('export_xlsx', async (path) => {
      const count = await api.positionsExportXlsx(path);
      this.#messages.notice = m.xlsx_exported({ count, path });
    });
  }

  /** Positions from an Excel sheet in the CSV layout, all or nothing. */
  importXlsx(): Promise<boolean> {
    return this.#withPath('import_xlsx', async (path) => {
      const report = await api.positionsImportXlsx(path);
      await this.reloadAll();
      this.#messages.notice = importReportText(report);
    });
  }

  /** The whole dialogue as a bundle for another facilitator. */
  exportBundle(): Promise<boolean> {
    return this.#withPath('export_bundle', async (path) => {
      await api.bundleExport(path);
      this.#messages.notice = m.bundle_exported({ path });
    });
  }

  /** Merges another facilitator's bundle; the notice says what was added, updated and kept. */
  importBundle(): Promise<boolean> {
    return this.#withPath('import_bundle', async (path) => {
      const report = await api.bundleImport(path);
      await this.reloadAll();
      this.#messages.notice = mergeReportText(report);
    });
  }

  /** Exports the current positions to a CSV file the user picks. */
  exportPositions(): Promise<boolean> {
    return this.#withPath('export_csv', async (path) => {
      const count = await api.positionsExportCsv(path);
      this.#messages.notice = plural(count, m.csv_exported_one, m.csv_exported_other, { path });
    });
  }

  /** Reloads the domain lists and the dialogue's counts, which an import may all change. */
  async reloadAll(): Promise<void> {
    await Promise.all([bouwstenen.load(), topics.load(), parties.load(), sessions.load(), this.#messages.refresh()]);
  }

  /** Picks a path (null: cancelled, nothing happens), then runs `then` with the busy flag. */
  async #withPath(purpose: PickPurpose, then: (path: string) => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.#messages.clearMessages();
    try {
      const path = await api.pickPath(purpose);
      if (path === null) return false;
      await then(path);
      return true;
    } catch (reason) {
      this.#messages.error = toIpcError(reason);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const csv = new CsvState();
