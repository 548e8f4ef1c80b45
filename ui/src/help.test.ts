// The guide (F1): reachable from the start screen and every section of an open dialogue, in
// both languages with the same parts, listing the shortcuts the app really has.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { locale } from '$lib/i18n';
import { dialogue } from '$lib/state/dialogue.svelte';
import { SECTIONS, ui } from '$lib/state/ui.svelte';
import { GUIDE, GUIDE_SECTION_IDS } from '$lib/help/guide';
import { MEETING_SHORTCUTS } from '$lib/help/shortcuts';
import App from './App.svelte';
import { dialogueInfo, errorPayload, snapshot } from './test/fixtures';

function backend(open: boolean) {
  mockIPC((cmd) => {
    switch (cmd) {
      case 'app_snapshot':
        return snapshot({ dialogue: open ? dialogueInfo() : null });
      case 'about':
        return {
          version: '0.1.0',
          licence: 'EUPL-1.2',
          rust: [{ name: 'rusqlite', version: '0.40.2', licence: 'MIT' }],
          npm: [{ name: 'svelte', version: '5.57.3', licence: 'MIT' }],
        };
      case 'bouwsteen_list':
      case 'topic_list':
      case 'session_list':
      case 'party_list':
      case 'action_list':
      case 'verdict_list':
        return [];
      default:
        throw errorPayload('internal');
    }
  });
}

beforeEach(() => {
  locale.set('nl');
  dialogue.info = null;
  ui.help = null;
  ui.section = 'overview';
});
afterEach(() => clearMocks());

describe('the guide', () => {
  it('has the same parts in Dutch and English, with text in each', () => {
    for (const lang of ['nl', 'en'] as const) {
      expect(GUIDE[lang].map((s) => s.id)).toEqual(GUIDE_SECTION_IDS);
      for (const section of GUIDE[lang]) expect(section.blocks.length).toBeGreaterThan(0);
    }
    const terms = (lang: 'nl' | 'en') =>
      GUIDE[lang].flatMap((s) => s.blocks).flatMap((b) => (b.kind === 'terms' ? b.items.map((i) => i.term) : []));
    expect(terms('nl').length).toBe(terms('en').length);
    expect(terms('nl').join(' ')).toMatch(/Cns.*A \(overeenstemming\).*Geen standpunt is niet neutraal.*Te weinig standpunten/);
    expect(terms('en').join(' ')).toMatch(/Cns.*A \(agreement\).*No position is not neutral.*Too few positions/);
  });

  it('opens with F1 on the start screen and closes with Escape', async () => {
    backend(false);
    render(App);
    await screen.findByTestId('new-dialogue');
    await fireEvent.keyDown(window, { key: 'F1' });
    const help = await screen.findByTestId('help-dialog');
    expect(help).toHaveAttribute('data-section', 'start');
    expect(within(help).getByRole('tab', { selected: true })).toHaveTextContent('Eerste stappen');
    expect(within(help).getByRole('tabpanel')).toHaveTextContent('Voorbeelddialoog');
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('help-dialog')).not.toBeInTheDocument());
  });

  it('opens with F1 from every section, at the part that fits, and lists every meeting key', async () => {
    backend(true);
    render(App);
    await screen.findByTestId('dialogue-title');
    for (const section of SECTIONS) {
      ui.section = section;
      await fireEvent.keyDown(window, { key: 'F1' });
      const help = await screen.findByTestId('help-dialog');
      const expected = section === 'meeting' ? 'shortcuts' : section === 'analysis' || section === 'overview' ? 'measures' : 'start';
      expect(help, section).toHaveAttribute('data-section', expected);
      await fireEvent.click(within(help).getByTestId('help-close'));
      await waitFor(() => expect(screen.queryByTestId('help-dialog')).not.toBeInTheDocument());
    }

    ui.section = 'meeting';
    await fireEvent.keyDown(window, { key: 'F1' });
    const rows = within(await screen.findByTestId('help-shortcuts-meeting')).getAllByRole('row');
    expect(rows.length).toBe(MEETING_SHORTCUTS.length + 1);
    expect(screen.getByTestId('help-shortcuts-global')).toHaveTextContent('F1');
  });

  it('moves between its parts with the arrow keys and switches language with the app', async () => {
    backend(false);
    render(App);
    await fireEvent.click(await screen.findByTestId('help-open'));
    const tab = within(await screen.findByTestId('help-dialog')).getByRole('tab', { selected: true });
    await fireEvent.keyDown(tab, { key: 'ArrowRight' });
    expect(screen.getByTestId('help-dialog')).toHaveAttribute('data-section', 'shortcuts');
    await fireEvent.keyDown(screen.getByRole('tab', { selected: true }), { key: 'End' });
    expect(screen.getByTestId('help-dialog')).toHaveAttribute('data-section', 'about');
    await fireEvent.keyDown(screen.getByRole('tab', { selected: true }), { key: 'ArrowLeft' });
    expect(screen.getByTestId('help-dialog')).toHaveAttribute('data-section', 'measures');
    expect(screen.getByRole('tabpanel')).toHaveTextContent('niet neutraal');
    locale.set('en');
    await waitFor(() => expect(screen.getByRole('tabpanel')).toHaveTextContent('not neutral'));
  });

  it('shows the version and every bundled licence under About', async () => {
    backend(false);
    render(App);
    await fireEvent.click(await screen.findByTestId('help-open'));
    await fireEvent.click(await screen.findByTestId('help-tab-about'));
    expect(await screen.findByTestId('about-version')).toHaveTextContent('Versie 0.1.0 · EUPL-1.2');
    expect(screen.getByTestId('about-rust')).toHaveTextContent('rusqlite0.40.2MIT');
    expect(screen.getByTestId('about-npm')).toHaveTextContent('svelte5.57.3MIT');
  });
});
