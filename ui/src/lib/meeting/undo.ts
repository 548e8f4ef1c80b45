//! A bounded undo/redo stack: pure, so the meeting state can trust it and tests can drive it.
//! A new entry clears the redo side; the oldest entries fall off past the limit.

export class UndoStack<T> {
  readonly limit: number;
  #done: T[] = [];
  #undone: T[] = [];

  constructor(limit = 100) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Invalid undo limit: ${limit}`);
    this.limit = limit;
  }

  get undoSize(): number {
    return this.#done.length;
  }

  get redoSize(): number {
    return this.#undone.length;
  }

  get canUndo(): boolean {
    return this.#done.length > 0;
  }

  get canRedo(): boolean {
    return this.#undone.length > 0;
  }

  /** Records a new entry; whatever could be redone is gone. */
  push(entry: T): void {
    this.#done.push(entry);
    if (this.#done.length > this.limit) this.#done.splice(0, this.#done.length - this.limit);
    this.#undone = [];
  }

  /** Replaces the latest entry (e.g. "+" then "+" becomes one step), or pushes when there is none. */
  replaceTop(entry: T): void {
    if (this.#done.length === 0) {
      this.push(entry);
      return;
    }
    this.#done[this.#done.length - 1] = entry;
    this.#undone = [];
  }

  /** The entry `undo` would return, without moving it. */
  peekUndo(): T | undefined {
    return this.#done.at(-1);
  }

  /** The entry `redo` would return, without moving it. */
  peekRedo(): T | undefined {
    return this.#undone.at(-1);
  }

  /** Moves the latest entry to the redo side and returns it. */
  undo(): T | undefined {
    const entry = this.#done.pop();
    if (entry !== undefined) this.#undone.push(entry);
    return entry;
  }

  /** Moves the latest undone entry back and returns it. */
  redo(): T | undefined {
    const entry = this.#undone.pop();
    if (entry !== undefined) this.#done.push(entry);
    return entry;
  }

  clear(): void {
    this.#done = [];
    this.#undone = [];
  }
}
