//! Translates an error `code` into a sentence for the user; the technical message is
//! only ever shown as a secondary details line.
import type { ErrorCode } from '$lib/ipc/bindings';
import { m } from '$lib/paraglide/messages.js';
import './locale.svelte';

type Label = () => string;

const ERROR_LABELS: Record<ErrorCode, Label> = {
  not_a_dialogue: m.error_not_a_dialogue,
  corrupt: m.error_corrupt,
  newer_version: m.error_newer_version,
  file_not_found: m.error_file_not_found,
  file_exists: m.error_file_exists,
  not_found: m.error_not_found,
  invalid_input: m.error_invalid_input,
  conflict: m.error_conflict,
  in_use: m.error_in_use,
  no_dialogue_open: m.error_no_dialogue_open,
  import_failed: m.error_import_failed,
  io: m.error_io,
  not_permitted: m.error_not_permitted,
  disk_full: m.error_disk_full,
  read_only: m.error_read_only,
  file_gone: m.error_file_gone,
  locked: m.error_locked,
  busy: m.error_busy,
  internal: m.error_internal,
};

/** Context-specific wording for some codes, e.g. `in_use` when deleting a bouwsteen. */
export type ErrorOverrides = Partial<Record<ErrorCode, Label>>;

export function errorText(error: { code: ErrorCode }, overrides: ErrorOverrides = {}): string {
  return (overrides[error.code] ?? ERROR_LABELS[error.code] ?? m.error_internal)();
}
