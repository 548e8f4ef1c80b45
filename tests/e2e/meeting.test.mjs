// A live meeting, keyboard only: positions for 5 parties on 3 topics, one condition, one
// correction, one undo; then the app is killed (SIGKILL) and relaunched: every saved entry is
// in the file and the undone one is not. A search without the accent finds the accented rationale.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Key } from 'webdriverio';
import { App } from './harness.mjs';

const CLI = process.env.KETENTAFEL_CLI;
const app = new App();
before(() => app.startDriver());
after(() => app.stop());

/** Moves keyboard focus to a control and presses Enter: no pointer involved. */
async function activate(testid) {
  const el = await app.$(testid);
  await el.waitForEnabled({ timeout: 15_000 });
  await app.browser.execute((e) => e.focus(), el);
  await app.browser.keys(Key.Enter);
}

/** Splits one CSV line (RFC 4180 quoting) into cells. */
function cells(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The focused meeting row. */
async function focusedRow() {
  return app.browser.$('[data-testid="meeting-party-row"][aria-selected="true"]');
}

/** Waits until the row of `row`'s party shows `state`; the row is looked up afresh on every
 *  check, so a re-render of the grid cannot leave the test holding a stale element. */
async function waitSaved(row, state = 'saved') {
  const party = await row.getAttribute('data-party');
  const look = () =>
    app.browser.execute((p) => {
      const r = document.querySelector(`[data-testid="meeting-party-row"][data-party="${p}"]`);
      const a = document.activeElement;
      return {
        state: r?.querySelector('[data-testid="saved-state"]')?.getAttribute('data-state'),
        stance: r?.querySelector('[data-testid="stance"]')?.getAttribute('data-stance'),
        focus: `${a?.tagName} ${a?.getAttribute('data-testid')} ${a?.getAttribute('data-party')}`,
      };
    }, party);
  try {
    await app.browser.waitUntil(async () => (await look()).state === state, { timeout: 20_000 });
  } catch {
    throw new Error(`row not ${state}: ${JSON.stringify(await look())}`);
  }
}

/** Moves to the next party row and waits until it is the selected one. */
async function nextParty() {
  const index = await (await focusedRow()).getAttribute('data-index');
  await app.browser.keys(Key.ArrowDown);
  await app.browser.waitUntil(async () => (await (await focusedRow()).getAttribute('data-index')) !== index, {
    timeout: 10_000,
    timeoutMsg: 'the next party was not selected',
  });
}

/** Presses one key on the focused row and waits until that row shows it saved. */
async function stanceKey(key) {
  const row = await focusedRow();
  const party = await row.getAttribute('data-party');
  await app.browser.keys(key);
  await waitSaved(row);
  return party;
}

test('keyboard-only capture survives SIGKILL, without the undone entry', async () => {
  const b = await app.launch(['--demo']);
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  await b.keys([Key.Alt, '2']);
  await (await app.$('meeting-setup')).waitForExist({ timeout: 15_000 });
  const select = await app.$('meeting-session');
  // The demo's three sessions are listed once the setup has loaded; only then start one.
  await app.browser.waitUntil(async () => (await select.$$('option')).length >= 3, {
    timeout: 15_000,
    timeoutMsg: 'the sessions were not listed',
  });
  const before = await select.getValue();
  await activate('meeting-start-now');
  // "Nu starten" creates a session and selects it; begin once it is selected.
  await app.browser.waitUntil(async () => (await select.getValue()) !== before, {
    timeout: 15_000,
    timeoutMsg: 'the new session was not selected',
  });
  await activate('meeting-begin');
  await (await app.$('meeting-grid')).waitForExist({ timeout: 15_000 });
  const sessionTitle = (await (await app.$('meeting-session-title')).getText()).trim();

  const expected = new Map(); // "topic|party" → stance as exported (or absent)
  // The header shows "1.1 Title"; the export has the title alone.
  const topicTitle = async () => (await (await app.$('meeting-topic-title')).getText()).trim().replace(/^[\d.]+\s+/, '');
  const record = (topic, party, stance) => expected.set(`${topic}|${party}`, stance);

  // Topic 1: five parties, the third with a condition.
  let topic = await topicTitle();
  const keys1 = ['5', '4', '1', '3', '2'];
  const values1 = ['2', '1', '-2', '0', '-1'];
  for (let i = 0; i < 5; i++) {
    const party = await stanceKey(keys1[i]);
    record(topic, party, values1[i]);
    if (i === 2) {
      // A condition and an accented rationale, typed into the row's inline fields.
      for (const [key, name, text] of [
        ['c', 'condition', 'mits het budget rond is'],
        ['r', 'rationale', 'Het café-overleg gaf de doorslag'],
      ]) {
        await b.keys(key);
        const input = await b.$(`input[name="${name}"]`);
        await input.waitForDisplayed({ timeout: 10_000 });
        await input.addValue(text); // typed into the focused field, not pasted
        await b.keys(Key.Enter);
        await input.waitForExist({ timeout: 10_000, reverse: true });
        await waitSaved(await focusedRow());
      }
    }
    await nextParty();
  }

  // The history panel and the shortcut overlay open and close from the keyboard, and the
  // keys work on the row again afterwards.
  for (const [key, testid] of [['h', 'history-panel'], ['?', 'shortcut-overlay']]) {
    await b.keys(key);
    await (await app.$(testid)).waitForExist({ timeout: 10_000 });
    await b.keys(Key.Escape);
    await (await app.$(testid)).waitForExist({ timeout: 10_000, reverse: true });
  }

  // Topic 2: five parties; the second is corrected from +1 to +2.
  await b.keys(Key.PageDown);
  await app.browser.waitUntil(async () => (await topicTitle()) !== topic, { timeout: 10_000 });
  topic = await topicTitle();
  for (let i = 0; i < 5; i++) {
    const party = await stanceKey('4');
    record(topic, party, '1');
    if (i === 1) {
      await stanceKey('5');
      record(topic, party, '2');
    }
    await nextParty();
  }

  // Topic 3: five parties, then the last entry is undone.
  await b.keys(Key.PageDown);
  await app.browser.waitUntil(async () => (await topicTitle()) !== topic, { timeout: 10_000 });
  topic = await topicTitle();
  let last;
  for (let i = 0; i < 5; i++) {
    last = await stanceKey('3');
    record(topic, last, '0');
    if (i < 4) await nextParty();
  }
  const lastRow = await focusedRow();
  await b.keys([Key.Ctrl, 'z']);
  await waitSaved(lastRow, 'empty');
  expected.delete(`${topic}|${last}`);

  // Kill the app hard, as a crash or power cut would.
  execFileSync('pkill', ['-KILL', '-f', process.env.KETENTAFEL_APP]);
  await app.quit();

  // Relaunch: the last dialogue reopens; every acknowledged entry is in the file.
  const b2 = await app.launch();
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  const file = join(app.dir, 'data', 'nl.ketentafel.app', 'Voorbeelddialoog.ketentafel');
  const out = join(app.dir, 'na-kill.csv');
  execFileSync(CLI, ['export', file, '--positions', out]);
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map(cells);
  const inSession = rows.filter((r) => r[7] === sessionTitle);
  const got = new Map(inSession.map((r) => [`${r[1]}|${r[2]}`, r[4]]));
  assert.deepEqual([...got.entries()].sort(), [...expected.entries()].sort());
  assert.ok(
    inSession.some((r) => r[5] === 'Het café-overleg gaf de doorslag' && r[6] === 'mits het budget rond is'),
    `the rationale and condition were saved: ${JSON.stringify(inSession.filter((r) => r[6] || r[5]))}`,
  );

  // Search without the accent finds the accented rationale.
  await b2.keys([Key.Ctrl, 'f']);
  const box = await app.$('search-input');
  await box.waitForDisplayed({ timeout: 10_000 });
  await box.addValue('cafe overleg');
  await app.waitForText('[data-testid="search-hit"][data-kind="rationale"]', /café-overleg/);
});
