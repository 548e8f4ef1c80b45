// The agenda builder in the real window: draft the demo's NFF session, move an item with the
// keyboard, export Markdown — the file lists the items in the new order with the new times.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Key } from 'webdriverio';
import { App } from './harness.mjs';

const CLI = process.env.KETENTAFEL_CLI;
const app = new App();
before(() => app.startDriver());
after(() => app.stop());

const rowsText = (b) =>
  b.execute(() =>
    [...document.querySelectorAll('[data-testid="agenda-item"]')].map((r) => ({
      id: r.getAttribute('data-id'),
      time: r.querySelector('[data-testid="agenda-time"]').textContent.trim(),
      title: r.querySelector('.title').textContent.trim(),
    })),
  );

test('agenda for the NFF session: draft, keyboard move, Markdown export', async () => {
  const file = join(app.dir, 'demo.ketentafel');
  execFileSync(CLI, ['new', file, '--demo']);
  const b = await app.launch([file]);
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  await b.keys([Key.Alt, '4']);
  const select = await app.$('agenda-session');
  await select.waitForExist({ timeout: 10_000 });
  const nff = await b.execute(() =>
    [...document.querySelectorAll('[data-testid="agenda-session"] option')].find((o) => o.textContent.includes('NFF')).value,
  );
  await select.selectByAttribute('value', nff);
  await app.click('agenda-draft');
  await b.waitUntil(async () => (await b.$$('[data-testid="agenda-item"]')).length >= 4, { timeout: 15_000 });
  const before = await rowsText(b);
  assert.match(before[0].time, /^14:00–14:10$/);

  // Focus the second row and move it up with Alt+ArrowUp: it becomes the first.
  const second = await b.$(`[data-testid="agenda-item"][data-id="${before[1].id}"]`);
  await b.execute((el) => el.focus(), second);
  await b.keys([Key.Alt, Key.ArrowUp]);
  await b.waitUntil(async () => (await rowsText(b))[0].id === before[1].id, { timeout: 10_000, timeoutMsg: 'the item did not move' });
  const after = await rowsText(b);
  assert.equal(after[1].id, before[0].id);
  assert.ok(after[0].time.startsWith('14:00'), after[0].time);
  assert.equal(await b.execute(() => document.activeElement?.getAttribute('data-id')), before[1].id, 'focus stays on the moved row');

  // The move is announced at the top of the page; wait for it, so the layout has settled
  // before the export button is clicked (a click is aimed at coordinates).
  await app.waitForText('[data-testid="notice"]', /staat nu op plaats 1/);
  const out = join(app.dir, 'agenda.md');
  app.answerNextDialog(out);
  await app.click('agenda-export-md');
  try {
    await app.waitForText('[data-testid="notice"]', /agenda\.md/);
  } catch (e) {
    const shown = await b.execute(() => [...document.querySelectorAll('[data-testid="error"], [data-testid="notice"]')].map((n) => n.textContent.trim()));
    throw new Error(`${e.message}; shown: ${JSON.stringify(shown)}`);
  }
  const md = readFileSync(out, 'utf8');
  let at = -1;
  for (const row of after) {
    const line = md.split('\n').find((l) => l.includes(row.time) && l.includes(row.title.replace(/[|*_]/g, '')));
    assert.ok(line, `the export lists ${row.time} ${row.title}:\n${md}`);
    const pos = md.indexOf(line);
    assert.ok(pos > at, `${row.title} comes in the new order`);
    at = pos;
  }
  await app.quit();
});
