//! Which section of an open dialogue is shown, and whether a modal dialog holds the keyboard.
export const SECTIONS = ['overview', 'meeting', 'bouwstenen', 'topics', 'parties', 'sessions', 'actions', 'search'] as const;
export type Section = (typeof SECTIONS)[number];

export class UiState {
  section = $state<Section>('overview');
  /** Open modal dialogs; global shortcuts pause while one is open. */
  modals = $state(0);
}

export const ui = new UiState();
