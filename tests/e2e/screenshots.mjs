// Takes a screenshot of every main screen of the real window on the demo dialogue, for
// review and for the README: `xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/screenshots.mjs OUTDIR`.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Key } from 'webdriverio';
import { App } from './harness.mjs';

const out = process.argv[2] ?? 'screenshots';
mkdirSync(out, { recursive: true });
const app = new App();
await app.startDriver();
try {
  const b = await app.launch(['--demo']);
  const shoot = async (name) => {
    // Let the frame settle: wait for two animation frames inside the page.
    await b.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
    execFileSync('/usr/bin/import', ['-window', 'root', join(out, `${name}.png`)]);
  };
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  await shoot('overview');
  for (const [nav, row] of [
    ['nav-bouwstenen', 'bouwsteen-row'],
    ['nav-topics', 'topic-row'],
    ['nav-parties', 'party-row'],
    ['nav-sessions', 'session-row'],
  ]) {
    await app.click(nav);
    await (await app.$(row)).waitForExist({ timeout: 10_000 });
    await shoot(nav.replace('nav-', ''));
  }
  await app.click('nav-parties');
  await app.click('add-party');
  await (await b.$('input[name="name"]')).waitForExist();
  await shoot('party-form');
  await b.keys(Key.Escape);
  // The representatives below the parties, and the question before an erasure.
  await (await app.$('people-table')).waitForExist();
  await b.execute(() => document.querySelector('[data-testid="people-table"]')?.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await shoot('people');
  await app.click('person-erase');
  await (await b.$('[role="dialog"]')).waitForDisplayed();
  await shoot('person-erase-dialog');
  await b.keys(Key.Escape);
  await (await b.$('[role="dialog"]')).waitForExist({ reverse: true });
  await app.click('nav-sessions');
  await app.click('add-session');
  await (await b.$('input[name="title"]')).waitForExist();
  await shoot('session-form');
  await b.keys(Key.Escape);
  await app.click('nav-meeting');
  await (await app.$('meeting-setup')).waitForExist();
  await shoot('meeting-setup');
  await app.click('meeting-begin');
  await (await app.$('meeting-grid')).waitForExist();
  await b.keys('4');
  await (await b.$('[data-testid="saved-state"][data-state="saved"]')).waitForExist();
  await shoot('meeting-capture');
  await b.keys('?');
  await (await app.$('shortcut-overlay')).waitForExist();
  await shoot('meeting-shortcuts');
  await b.keys(Key.Escape);
  await b.keys('h');
  await (await app.$('history-panel')).waitForExist();
  await shoot('meeting-history');
  await b.keys(Key.Escape);
  await (await app.$('history-panel')).waitForExist({ reverse: true });
  await app.click('projector-toggle');
  await shoot('meeting-projector');
  await app.click('projector-toggle');
  await app.click('nav-analysis');
  await (await app.$('divergence-row')).waitForExist({ timeout: 15_000 });
  await shoot('analysis-divergence');
  await (await (await app.$('divergence-row')).$('button')).click();
  await (await app.$('topic-page')).waitForExist();
  await shoot('analysis-topic');
  await b.execute(() => window.scrollTo(0, document.body.scrollHeight));
  await shoot('analysis-topic-lower');
  await (await (await app.$('topic-stance')).$('button')).click();
  await (await app.$('party-profile')).waitForExist();
  await shoot('analysis-party');
  await app.click('analysis-back');
  for (const tab of ['heatmap', 'alignment', 'movement']) {
    await app.click(`analysis-tab-${tab}`);
    await (await app.$(tab === 'heatmap' ? 'heatmap-cell' : tab === 'alignment' ? 'alignment-cell' : 'movement-topic')).waitForExist({ timeout: 15_000 });
    await shoot(`analysis-${tab}`);
  }
  await (await app.$('heatmap-cell')).waitForExist({ reverse: true });
  await app.click('analysis-tab-heatmap');
  await (await app.$('heatmap-cell')).waitForExist({ timeout: 15_000 });
  await (await app.$('heatmap-cell')).moveTo();
  await (await app.$('heatmap-detail')).waitForExist({ timeout: 10_000 });
  await shoot('analysis-heatmap-detail');
  await app.click('nav-agenda');
  const select = await app.$('agenda-session');
  await select.waitForExist({ timeout: 10_000 });
  const nff = await b.execute(() => [...document.querySelectorAll('[data-testid="agenda-session"] option')].find((o) => o.textContent.includes('NFF')).value);
  await select.selectByAttribute('value', nff);
  await app.click('agenda-draft');
  await (await app.$('agenda-item')).waitForExist({ timeout: 15_000 });
  await b.execute(() => window.scrollTo(0, 0));
  await shoot('agenda');
  await b.execute(() => document.querySelector('[data-testid="agenda-item"]').scrollIntoView({ block: 'start', behavior: 'instant' }));
  await shoot('agenda-items');
  await app.click('menu-file');
  await (await app.$('menu-report')).waitForExist();
  await shoot('file-menu');
  await b.keys(Key.Escape);
  await app.click('menu-file');
  await app.click('menu-restore-backup');
  await (await app.$('backup-option')).waitForExist({ timeout: 15_000 });
  await (await app.$('backup-option')).click();
  await shoot('restore-backup');
  await app.click('backup-restore');
  await (await app.$('backup-confirm')).waitForExist();
  await shoot('restore-backup-confirm');
  await b.keys(Key.Escape);
  await (await app.$('backup-confirm')).waitForExist({ reverse: true });
  await app.click('nav-search');
  await (await app.$('search-input')).addValue('rechten');
  await (await app.$('search-hit')).waitForExist();
  await shoot('search');
  await app.click('nav-actions');
  await (await app.$('action-row')).waitForExist();
  await shoot('actions');
  await (await app.$('lang-select')).selectByAttribute('value', 'en');
  await app.waitForText('[data-testid="nav-parties"]', /Parties/);
  await app.click('nav-topics');
  await shoot('topics-en');
  await (await app.$('lang-select')).selectByAttribute('value', 'nl');
  await app.click('menu-file');
  await app.click('menu-close');
  await (await app.$('new-dialogue')).waitForExist();
  await shoot('start');
} finally {
  await app.stop();
}
