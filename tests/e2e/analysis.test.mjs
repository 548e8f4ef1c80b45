// The review views in the real window: the demo's producers-versus-broadcasters topic tops
// the divergence list with both groups in its fault line; a Pol.is export imports from the
// menu; a generated 200 × 1,000 dialogue's position map renders and scrolls (timings printed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Key } from 'webdriverio';
import { App } from './harness.mjs';

const CLI = process.env.KETENTAFEL_CLI;
const POLIS = resolve(import.meta.dirname, '../../../shared/data/polis-london-youth-policing');
const app = new App();
before(() => app.startDriver());
after(() => app.stop());

test('divergence list: producers versus broadcasters on top, fault line names both', async () => {
  const file = join(app.dir, 'demo.ketentafel');
  execFileSync(CLI, ['new', file, '--demo']);
  const b = await app.launch([file]);
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  await b.keys([Key.Alt, '3']);
  const first = await b.$('[data-testid="divergence-row"]');
  await first.waitForExist({ timeout: 15_000 });
  assert.equal(await first.getAttribute('data-code'), '2.2');
  const line = await (await first.$('[data-testid="divergence-fault-line"]')).getText();
  assert.match(line, /Producenten/);
  assert.match(line, /omroepen/);
  // The topic page from the list.
  await (await first.$('button, a')).click();
  await (await app.$('topic-page')).waitForExist({ timeout: 10_000 });
  await app.waitForText('[data-testid="topic-fault-line"]', /Producenten.*omroepen/);
  await app.click('analysis-back');
  await (await app.$('divergence-list')).waitForExist();
  await app.quit();
});

test('Pol.is export imported from the menu', { skip: !existsSync(POLIS) && 'no shared Pol.is data' }, async () => {
  const file = join(app.dir, 'polis.ketentafel');
  execFileSync(CLI, ['new', file]);
  const b = await app.launch([file]);
  await app.waitForText('[data-testid="dialogue-title"]', /polis/);
  app.answerNextDialog(POLIS);
  await app.click('menu-file');
  await app.click('menu-import-polis');
  await app.waitForText('[data-testid="notice"]', /36 onderwerpen, 26 partijen/);
  await b.keys([Key.Alt, '3']);
  const rows = await b.$$('[data-testid="divergence-row"]');
  await b.waitUntil(async () => (await b.$$('[data-testid="divergence-row"]')).length === 36, { timeout: 15_000 });
  assert.ok(rows !== undefined);
  await app.quit();
});

test('position map of a generated 200 × 1,000 dialogue renders and scrolls', async () => {
  const file = join(app.dir, 'sector.ketentafel');
  const t0 = Date.now();
  execFileSync(CLI, ['generate', file, '--parties', '200', '--topics', '1000', '--sessions', '30', '--positions', '200000', '--seed', '7']);
  const generated = Date.now() - t0;
  const b = await app.launch([file]);
  await app.waitForText('[data-testid="dialogue-title"]', /sector/);
  await b.keys([Key.Alt, '3']);
  await app.click('analysis-tab-heatmap');
  const opened = Date.now();
  await b.waitUntil(async () => (await b.$$('[data-testid="heatmap-cell"][data-code]')).length > 0, { timeout: 30_000 });
  const firstPaint = Date.now() - opened;
  const rendered = (await b.$$('[data-testid="heatmap-cell"]')).length;
  assert.ok(rendered < 200 * 1000 / 10, `virtualised: ${rendered} cells in the DOM`);

  // Scroll to the far corner; the cells there arrive without any fixed wait.
  const scrollStart = Date.now();
  await b.execute(() => {
    const el = document.querySelector('[data-testid="heatmap"] [data-scroll]');
    el.scrollTop = el.scrollHeight;
    el.scrollLeft = el.scrollWidth;
    el.dispatchEvent(new Event('scroll'));
  });
  await b.waitUntil(
    async () => {
      const rows = await b.execute(() =>
        [...document.querySelectorAll('[data-testid="heatmap-cell"][data-code]')].map((c) => Number(c.getAttribute('data-row'))),
      );
      return rows.some((r) => r >= 990);
    },
    { timeout: 30_000, timeoutMsg: 'the last rows never arrived' },
  );
  const scrolled = Date.now() - scrollStart;
  console.log(`heat-map 200 × 1,000 (200,000 positions, debug build): generate ${generated} ms, first cells ${firstPaint} ms, scroll to the last rows ${scrolled} ms, ${rendered} cells in the DOM`);
  await app.quit();
});
