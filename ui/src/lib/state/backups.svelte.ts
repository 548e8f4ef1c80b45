//! The "Back-up terugzetten" dialog: the open dialogue's snapshots, and putting one back.
import { api, IpcError, toIpcError } from '$lib/ipc/api';
import type { BackupInfo, BackupList } from '$lib/ipc/bindings';
import { formatDateTime, m } from '$lib/i18n';
import { dialogue } from './dialogue.svelte';

export class BackupsState {
  /** Whether the dialog is shown. */
  open = $state(false);
  list = $state.raw<BackupList | null>(null);
  loading = $state(false);
  /** A restore is under way. */
  busy = $state(false);
  /** The last failure (listing or restoring), shown in the dialog by its code. */
  error = $state<IpcError | null>(null);

  /** Opens the dialog and loads the list. */
  async show(): Promise<void> {
    this.open = true;
    this.error = null;
    this.list = null;
    this.loading = true;
    try {
      this.list = await api.backupList();
    } catch (reason) {
      this.error = toIpcError(reason);
    } finally {
      this.loading = false;
    }
  }

  hide(): void {
    if (this.busy) return;
    this.open = false;
    this.error = null;
  }

  /** Puts `backup` back; on success the dialog closes and every view reloads the file. */
  async restore(backup: BackupInfo): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      const info = await api.backupRestore(backup.id);
      dialogue.restored(info, m.backup_restored({ time: formatDateTime(backup.taken_at) }));
      this.open = false;
      return true;
    } catch (reason) {
      this.error = toIpcError(reason);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export const backups = new BackupsState();
