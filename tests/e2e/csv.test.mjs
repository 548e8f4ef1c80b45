// Spreadsheet import from the app's menu: a bad stance on line 7 is named and nothing is
// written; a good file imports and exports back to the same rows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { App } from './harness.mjs';

const CLI = process.env.KETENTAFEL_CLI;
const app = new App();
before(() => app.startDriver());
after(() => app.stop());

const HEADER = 'bouwsteen;topic;party;chain_role;stance;rationale;condition;session;recorded_at';
const row = (party, stance, at) =>
  `Zichtbaarheid;Filmtheaters in de regio;${party};Bioscoop / filmtheater;${stance};;;Werkgroep juni;2022-06-14T10:0${at}:00Z`;

test('CSV import from the menu: line 7 named, nothing written; a good file round-trips', async () => {
  const file = join(app.dir, 'csv.ketentafel');
  execFileSync(CLI, ['new', file]);
  await app.launch([file]);
  await app.waitForText('[data-testid="dialogue-title"]', /csv/);

  const bad = join(app.dir, 'slecht.csv');
  const lines = [HEADER, row('Zaal 1', '+', 1), row('Zaal 2', '++', 2), row('Zaal 3', '0', 3), row('Zaal 4', '-', 4), row('Zaal 5', '--', 5), row('Zaal 6', 'misschien', 6)];
  writeFileSync(bad, '\uFEFF' + lines.join('\r\n') + '\r\n');
  app.answerNextDialog(bad);
  await app.click('menu-file');
  await app.click('menu-import-csv');
  await app.waitForText('[data-testid="error"]', /Regel 7/);

  const exported = join(app.dir, 'leeg.csv');
  execFileSync(CLI, ['export', file, '--positions', exported]);
  assert.equal(readFileSync(exported, 'utf8').trim().split('\n').length, 1, 'only the header: nothing was imported');

  const good = join(app.dir, 'goed.csv');
  writeFileSync(good, '\uFEFF' + lines.slice(0, 6).join('\r\n') + '\r\n');
  app.answerNextDialog(good);
  await app.click('menu-file');
  await app.click('menu-import-csv');
  await app.waitForText('[data-testid="notice"]', /5/);

  const again = join(app.dir, 'opnieuw.csv');
  app.answerNextDialog(again);
  await app.click('menu-file');
  await app.click('menu-export-csv');
  await app.waitForText('[data-testid="notice"]', /5/);
  const out = readFileSync(again, 'utf8').trim().split('\n');
  assert.equal(out.length, 6);
  assert.match(out[1], /^Zichtbaarheid,Filmtheaters in de regio,Zaal 1,cinema,1,,,Werkgroep juni,2022-06-14T10:01:00Z$/);
});
