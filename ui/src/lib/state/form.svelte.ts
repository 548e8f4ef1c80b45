//! Errors of one open form: per field (client checks and `invalid_input` from the core,
//! placed beside the field named by `field`) and one for the form as a whole; and whether
//! the form is saving.
import { toIpcError, type IpcError } from '$lib/ipc/api';
import { errorText, m, type ErrorOverrides } from '$lib/i18n';

export interface ShownError {
  /** Called at render time, so a language switch re-translates it. */
  text: () => string;
  details: string | null;
}

export class FormErrors {
  fields = $state<Record<string, ShownError>>({});
  form = $state<ShownError | null>(null);
  /** True while `submit` waits for the save. */
  busy = $state(false);

  readonly #known: readonly string[];
  readonly #aliases: Record<string, string>;
  readonly #overrides: ErrorOverrides;

  /**
   * @param known the form's field names; an error naming one is shown beside it
   * @param aliases core field names that map to a differently named form field
   * @param overrides context-specific wording per error code
   */
  constructor(known: readonly string[], aliases: Record<string, string> = {}, overrides: ErrorOverrides = {}) {
    this.#known = known;
    this.#aliases = aliases;
    this.#overrides = overrides;
  }

  get empty(): boolean {
    return this.form === null && Object.keys(this.fields).length === 0;
  }

  text(field: string): string | null {
    return this.fields[field]?.text() ?? null;
  }

  details(field: string): string | null {
    return this.fields[field]?.details ?? null;
  }

  clear(): void {
    this.fields = {};
    this.form = null;
  }

  set(field: string, text: () => string): void {
    this.fields = { ...this.fields, [field]: { text, details: null } };
  }

  /** Marks the field as required when the value is blank. */
  require(field: string, value: string): void {
    if (value.trim() === '') this.set(field, m.field_required);
  }

  /** Places a failed save: beside its field when the core names a field of this form, else on top. */
  fail(reason: unknown): IpcError {
    const error = toIpcError(reason);
    const field = error.field ? (this.#aliases[error.field] ?? error.field) : null;
    const overrides = this.#overrides;
    if (field && this.#known.includes(field)) {
      const text = error.code === 'invalid_input' ? m.field_invalid : () => errorText(error, overrides);
      this.fields = { ...this.fields, [field]: { text, details: error.message } };
    } else {
      this.form = { text: () => errorText(error, overrides), details: error.message };
    }
    return error;
  }

  /**
   * One save of the form: clears the errors, lets `prepare` check the draft (setting field
   * errors) and build the input, then, when no error is set and the input is not null, runs
   * `save` with `busy` set. A failed save is placed by `fail`.
   * @returns true when the save went through
   */
  async submit<I>(prepare: () => I | null, save: (input: I) => Promise<unknown>): Promise<boolean> {
    this.clear();
    const input = prepare();
    if (input === null || !this.empty) return false;
    this.busy = true;
    try {
      await save(input);
      return true;
    } catch (reason) {
      this.fail(reason);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

/** A pending deletion: what is asked about, and why it failed if it did. */
export class ConfirmState<T> {
  target = $state.raw<T | null>(null);
  busy = $state(false);
  error = $state<ShownError | null>(null);

  readonly #action: (target: T) => Promise<unknown>;
  readonly #overrides: ErrorOverrides;

  constructor(action: (target: T) => Promise<unknown>, overrides: ErrorOverrides = {}) {
    this.#action = action;
    this.#overrides = overrides;
  }

  ask(target: T): void {
    this.target = target;
    this.error = null;
  }

  cancel(): void {
    this.target = null;
    this.error = null;
  }

  async confirm(): Promise<boolean> {
    if (this.target === null || this.busy) return false;
    this.busy = true;
    try {
      await this.#action(this.target);
      this.target = null;
      this.error = null;
      return true;
    } catch (reason) {
      const error = toIpcError(reason);
      const overrides = this.#overrides;
      this.error = { text: () => errorText(error, overrides), details: error.message };
      return false;
    } finally {
      this.busy = false;
    }
  }
}
