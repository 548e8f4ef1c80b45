// WCAG 2.1 AA in the real window: axe-core runs inside WebKitGTK on every main screen (and in
// projector mode, and over the help dialog) and finds nothing serious or critical.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Key } from 'webdriverio';
import { App } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const app = new App();
before(() => app.startDriver());
after(() => app.stop());

/** Runs axe on the whole page; returns the serious and critical violations, described. */
async function audit(b) {
  const present = await b.execute(() => typeof window.axe === 'object');
  if (!present) await b.execute(AXE);
  const violations = await b.executeAsync((done) => {
    window.axe
      .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
      .then((r) =>
        done(
          r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 240)}`).join(' | ')}`),
        ),
      )
      .catch((e) => done([`axe failed: ${e}`]));
  });
  return violations;
}

/** Waits until no view still says it is loading. */
function settled(b) {
  return b.waitUntil(
    () => b.execute(() => !/Bezig met laden…|De analyse wordt berekend…/.test(document.body.innerText)),
    { timeout: 20_000, timeoutMsg: 'a view kept loading' },
  );
}

const found = new Map();
async function check(b, screen) {
  const v = await audit(b);
  if (v.length) found.set(screen, v);
}

test('no serious or critical axe finding on any main screen', async () => {
  const b = await app.launch();
  await check(b, 'start');

  await app.click('demo-dialogue');
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  for (const section of ['overview', 'bouwstenen', 'topics', 'parties', 'sessions', 'actions', 'agenda']) {
    await app.click(`nav-${section}`);
    await (await b.$(`[data-testid="nav-${section}"][aria-current="page"]`)).waitForExist({ timeout: 15_000 });
    await settled(b);
    await check(b, section);
  }

  await app.click('nav-analysis');
  for (const tab of ['divergence', 'heatmap', 'alignment', 'movement']) {
    await app.click(`analysis-tab-${tab}`);
    await (await b.$(`[data-testid="analysis-tab-${tab}"][aria-selected="true"]`)).waitForExist({ timeout: 15_000 });
    await settled(b);
    await check(b, `analysis/${tab}`);
  }

  await b.keys([Key.Ctrl, 'f']);
  const box = await app.$('search-input');
  await box.waitForDisplayed({ timeout: 10_000 });
  await box.addValue('rechten');
  await (await app.$('search-hit')).waitForExist({ timeout: 15_000 });
  await check(b, 'search');

  await b.keys([Key.Alt, '2']);
  await (await app.$('meeting-setup')).waitForExist({ timeout: 15_000 });
  await check(b, 'meeting setup');
  const select = await app.$('meeting-session');
  await b.waitUntil(async () => (await select.$$('option')).length >= 3, { timeout: 15_000 });
  await app.click('meeting-begin');
  await (await app.$('meeting-grid')).waitForExist({ timeout: 15_000 });
  await check(b, 'meeting capture');
  await b.keys('p');
  await b.waitUntil(() => b.execute(() => document.documentElement.dataset.projector === 'on'), { timeout: 10_000 });
  await check(b, 'meeting capture, projector mode');
  await b.keys('p');
  await b.waitUntil(() => b.execute(() => document.documentElement.dataset.projector !== 'on'), { timeout: 10_000 });

  await b.keys(Key.F1);
  await (await app.$('help-dialog')).waitForExist({ timeout: 10_000 });
  await check(b, 'help');
  await b.keys(Key.Escape);
  await (await app.$('help-dialog')).waitForExist({ timeout: 10_000, reverse: true });

  const report = [...found].map(([screen, v]) => `${screen}:\n  ${v.join('\n  ')}`).join('\n');
  assert.equal(found.size, 0, `axe findings:\n${report}`);
});
