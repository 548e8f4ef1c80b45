// A person's data through the real window: "Gegevens exporteren…" writes the JSON file chosen
// in the save dialog; "Persoon wissen…" asks first, then no byte of the name or address is
// left in the dialogue file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from './harness.mjs';

const CLI = process.env.KETENTAFEL_CLI;
const app = new App();
before(() => app.startDriver());
after(() => app.stop());

/** Clicks the button `testid` in the row of the person named `name` (scrolled into view first, as `App.click` does). */
async function clickInRow(name, testid) {
  const el = await app.browser.$(`//tr[@data-testid="person-row"][contains(., "${name}")]//button[@data-testid="${testid}"]`);
  await el.waitForExist({ timeout: 15_000 });
  await app.browser.execute((e) => e.scrollIntoView({ block: 'center', behavior: 'instant' }), el);
  await el.waitForClickable({ timeout: 15_000 });
  await el.click();
}

test('export a person’s data, then erase the person: asked first, and gone from the file', async () => {
  const file = join(app.dir, 'privacy.ketentafel');
  execFileSync(CLI, ['new', file, '--demo']);
  const b = await app.launch([file]);
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  await app.click('nav-parties');
  await app.waitForText('[data-testid="person-row"]', /Anna de Vries/);

  const out = join(app.dir, 'anna.json');
  app.answerNextDialog(out);
  await clickInRow('Anna de Vries', 'person-export');
  await app.waitForText('[data-testid="notice"]', /anna\.json/);
  const data = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(data.person.email, 'anna@example.org');
  assert.ok(data.sessions.length > 0, 'the sessions her party attended');

  await clickInRow('Anna de Vries', 'person-erase');
  const dialog = await b.$('[role="dialog"]');
  await dialog.waitForDisplayed();
  assert.match(await dialog.getText(), /Dit kan niet ongedaan worden gemaakt\./);
  assert.match(await dialog.getText(), /blijven ongewijzigd staan/);
  // Cancel has the focus first: Enter never erases by surprise.
  await b.waitUntil(async () => (await b.execute(() => document.activeElement?.textContent?.trim())) === 'Annuleren', {
    timeoutMsg: 'Cancel does not have the focus',
  });
  await app.click('confirm-delete');
  await app.waitForText('[data-testid="person-row"]', /Gewiste persoon/);
  await app.waitForText('[data-testid="notice"]', /gewist/);
  const rows = await b.$$('[data-testid="person-row"]');
  for (const row of rows) assert.doesNotMatch(await row.getText(), /Anna de Vries/);

  await app.quit();
  const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
  for (const needle of ['Anna de Vries', 'anna@example.org']) {
    assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `${needle} still in the file`);
  }
});
