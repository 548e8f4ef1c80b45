//! The keyboard shortcuts, once: the meeting overlay (`?`) and the help guide (F1) both list
//! them from here.
import { m } from '$lib/i18n';

export interface ShortcutRow {
  /** Alternatives, each a combination of keys pressed together. */
  keys: string[][];
  label: () => string;
}

/** Everywhere in the app. */
export const GLOBAL_SHORTCUTS: ShortcutRow[] = [
  { keys: [['F1']], label: m.shortcut_help },
  { keys: [['Ctrl', 'N']], label: m.shortcut_new },
  { keys: [['Ctrl', 'O']], label: m.shortcut_open },
  { keys: [['Ctrl', 'Shift', 'S']], label: m.shortcut_save_copy },
  { keys: [['Ctrl', 'F']], label: m.shortcut_search },
  { keys: [['Alt', '1…9']], label: m.shortcut_sections },
  { keys: [['Escape']], label: m.shortcut_close_dialog },
];

/** While recording positions in meeting mode. */
export const MEETING_SHORTCUTS: ShortcutRow[] = [
  { keys: [['↓'], ['↑'], ['j'], ['k']], label: m.shortcut_party },
  { keys: [['Page Down'], ['Page Up'], ['→'], ['←']], label: m.shortcut_topic },
  { keys: [['1'], ['2'], ['3'], ['4'], ['5']], label: m.shortcut_stance_digits },
  { keys: [['0']], label: m.shortcut_no_position },
  { keys: [['+'], ['+', '+'], ['−'], ['−', '−']], label: m.shortcut_plus_minus },
  { keys: [['r']], label: m.shortcut_rationale },
  { keys: [['c']], label: m.shortcut_condition },
  { keys: [['q']], label: m.shortcut_quote },
  { keys: [['Enter'], ['Escape']], label: m.shortcut_edit },
  { keys: [['Ctrl', 'Z']], label: m.shortcut_undo },
  { keys: [['Ctrl', 'Shift', 'Z'], ['Ctrl', 'Y']], label: m.shortcut_redo },
  { keys: [['/'], ['Ctrl', 'K']], label: m.shortcut_jump },
  { keys: [['h']], label: m.shortcut_history },
  { keys: [['m']], label: m.shortcut_marking },
  { keys: [['p']], label: m.shortcut_projector },
  { keys: [['?']], label: m.shortcut_overlay },
];
