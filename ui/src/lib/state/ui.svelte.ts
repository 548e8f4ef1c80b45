//! Which section of an open dialogue is shown, and whether a modal dialog holds the keyboard.
export const SECTIONS = ['overview', 'meeting', 'analysis', 'agenda', 'bouwstenen', 'topics', 'parties', 'sessions', 'actions', 'search'] as const;
export type Section = (typeof SECTIONS)[number];

/** The views of the "Analyse" section, as tabs. */
export const ANALYSIS_TABS = ['divergence', 'heatmap', 'alignment', 'movement'] as const;
export type AnalysisTab = (typeof ANALYSIS_TABS)[number];

/** The part of the guide F1 opens with. */
export type HelpSection = 'start' | 'shortcuts' | 'measures' | 'about';

/** A page opened from a view: one topic's page or one party's profile. */
export type Detail = { kind: 'topic'; id: string } | { kind: 'party'; id: string } | null;

export class UiState {
  section = $state<Section>('overview');
  /** Open modal dialogs; global shortcuts pause while one is open. */
  modals = $state(0);
  analysisTab = $state<AnalysisTab>('divergence');
  /** The topic page or party profile shown over the analysis tabs, if any. */
  detail = $state<Detail>(null);

  openTopic(id: string) {
    this.section = 'analysis';
    this.detail = { kind: 'topic', id };
  }

  openParty(id: string) {
    this.section = 'analysis';
    this.detail = { kind: 'party', id };
  }

  closeDetail() {
    this.detail = null;
  }

  /** The guide, open at `section`; null while closed. */
  help = $state<HelpSection | null>(null);

  /** Opens the guide where it helps most: the keys in meeting mode, the measures in the
   *  analysis, first steps elsewhere. */
  openHelp(dialogueOpen: boolean) {
    if (!dialogueOpen) this.help = 'start';
    else if (this.section === 'meeting') this.help = 'shortcuts';
    else if (this.section === 'analysis' || this.section === 'overview') this.help = 'measures';
    else this.help = 'start';
  }
}

export const ui = new UiState();
