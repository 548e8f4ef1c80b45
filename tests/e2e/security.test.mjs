// Hostile text in the real window: a party name, a topic title and a rationale holding HTML and
// script are shown verbatim, as text, and nothing in them runs. The window's CSP also refuses
// eval-like code, so an injected string could not be turned into code either.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Key } from 'webdriverio';
import { App } from './harness.mjs';

const app = new App();
before(() => app.startDriver());
after(() => app.stop());

// Each payload would set window.__xss if the webview ever parsed it as markup.
const PARTY = '<img src=x onerror="window.__xss=\'party\'">Omroep <b>Vet</b>';
const TOPIC = '<script>window.__xss="topic"</script>Rechten & plichten';
const RATIONALE = '<img src=x onerror=window.__xss=1> en <script>window.__xss=2</script> klopt';

/** What would show that something ran or was parsed as markup. */
function traces(browser) {
  return browser.execute(() => ({
    xss: window.__xss ?? null,
    imgs: document.querySelectorAll('img[src="x"]').length,
    bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'Vet').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__xss')).length,
  }));
}

test('HTML and script in names and rationales are shown as text and never run', async () => {
  const b = await app.launch();
  app.answerNextDialog(join(app.dir, 'veilig.ketentafel'));
  await app.click('new-dialogue');
  await app.waitForText('[data-testid="dialogue-title"]', /veilig/);

  await app.click('nav-parties');
  await app.click('add-party');
  await (await b.$('input[name="name"]')).setValue(PARTY);
  await (await b.$('select[name="chain_role"]')).selectByAttribute('value', 'public_broadcaster');
  await app.click('save');
  await app.waitForText('[data-testid="party-row"]', /<img src=x onerror=/);
  assert.ok((await (await app.$('party-row')).getText()).includes(PARTY), 'the party name is shown verbatim');

  await app.click('nav-topics');
  await app.click('add-topic');
  await (await b.$('input[name="title"]')).setValue(TOPIC);
  await app.click('save');
  await app.waitForText('[data-testid="topic-row"]', /<script>window.__xss="topic"<\/script>Rechten & plichten/);

  // Meeting mode: one stance and the hostile rationale for the one party.
  await b.keys([Key.Alt, '2']);
  // The new dialogue has no session yet: "Nu starten" creates one and selects it.
  await (await app.$('meeting-setup')).waitForExist({ timeout: 15_000 });
  await app.click('meeting-start-now');
  await (await app.$('meeting-session')).waitForExist({ timeout: 15_000 });
  await app.click('meeting-begin');
  await (await app.$('meeting-grid')).waitForExist({ timeout: 15_000 });
  const row = await b.$('[data-testid="meeting-party-row"][aria-selected="true"]');
  await row.waitForExist({ timeout: 15_000 });
  assert.ok((await row.getText()).includes(PARTY), 'the meeting row shows the party name verbatim');
  await b.keys('5');
  await b.waitUntil(async () => (await (await row.$('[data-testid="saved-state"]')).getAttribute('data-state')) === 'saved', {
    timeout: 15_000,
    timeoutMsg: 'the stance was not saved',
  });
  await b.keys('r');
  const input = await b.$('input[name="rationale"]');
  await input.waitForDisplayed({ timeout: 10_000 });
  await input.addValue(RATIONALE);
  await b.keys(Key.Enter);
  await input.waitForExist({ timeout: 10_000, reverse: true });

  // Search finds the rationale and shows it as text.
  await b.keys([Key.Ctrl, 'f']);
  const box = await app.$('search-input');
  await box.waitForDisplayed({ timeout: 10_000 });
  await box.addValue('klopt');
  await app.waitForText('[data-testid="search-hit"][data-kind="rationale"]', /onerror=window.__xss=1> en <script>/);
  const hit = await b.$('[data-testid="search-hit"][data-kind="rationale"]');
  assert.ok((await hit.getText()).includes(RATIONALE), `the rationale is shown verbatim: ${await hit.getText()}`);

  assert.deepEqual(await traces(b), { xss: null, imgs: 0, bold: 0, scripts: 0 }, 'nothing was parsed or ran');
});

test('the window refuses eval and remote sources (CSP)', async () => {
  const b = app.browser;
  const result = await b.executeAsync((done) => {
    const out = { violations: [] };
    try {
      out.fn = String(new Function('return 41 + 1')());
    } catch (e) {
      out.fn = e.name;
    }
    try {
      out.eval = String(window.eval('1 + 1'));
    } catch (e) {
      out.eval = e.name;
    }
    // A remote image must be refused by the policy itself, which reports a violation.
    document.addEventListener('securitypolicyviolation', (e) => {
      out.violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
      if (e.effectiveDirective === 'img-src') done(out);
    });
    const img = document.createElement('img');
    img.src = 'https://example.org/pixel.png';
    document.body.append(img);
    img.remove();
  });
  assert.equal(result.fn, 'EvalError', 'new Function is refused');
  assert.equal(result.eval, 'EvalError', 'eval is refused');
  // The two refused evals and the remote image each reported a violation of the policy.
  assert.ok(result.violations.includes('script-src eval'), result.violations.join(', '));
  assert.ok(result.violations.includes('img-src https://example.org/pixel.png'), result.violations.join(', '));
});
