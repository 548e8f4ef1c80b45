// Takes a screenshot of every main screen of the real window on the demo dialogue, for
// review and for the README: `xvfb-run -a -s "-screen 0 1280x800x24" node tests/e2e/screenshots.mjs OUTDIR`.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  await b.keys('Escape');
  await app.click('nav-sessions');
  await app.click('add-session');
  await (await b.$('input[name="title"]')).waitForExist();
  await shoot('session-form');
  await b.keys('Escape');
  await (await app.$('lang-select')).selectByAttribute('value', 'en');
  await app.waitForText('[data-testid="nav-parties"]', /Parties/);
  await app.click('nav-topics');
  await shoot('topics-en');
  await (await app.$('lang-select')).selectByAttribute('value', 'nl');
  await app.click('menu-close');
  await (await app.$('new-dialogue')).waitForExist();
  await shoot('start');
} finally {
  await app.stop();
}
