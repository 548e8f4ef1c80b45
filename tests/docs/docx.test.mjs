// The DOCX files open in LibreOffice: the demo's NFF agenda and the report draft are turned
// into PDF by `soffice --headless --convert-to pdf`, and the PDF's text holds every agenda
// item and every bouwsteen heading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = process.env.KETENTAFEL_CLI;
const dir = mkdtempSync(join(tmpdir(), 'ketentafel-docx-'));
const squash = (s) => s.replace(/\s+/g, '');

function toPdfText(docx) {
  const started = Date.now();
  execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], {
    stdio: 'pipe',
    timeout: 180_000,
  });
  const pdf = docx.replace(/\.docx$/, '.pdf');
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  console.log(`${docx.split('/').pop()}: converted to PDF in ${Date.now() - started} ms`);
  return text;
}

test('agenda and report DOCX convert to PDF in LibreOffice with every item and heading', () => {
  const file = join(dir, 'demo.ketentafel');
  execFileSync(CLI, ['new', file, '--demo']);
  const session = 'NFF Professionals — sectorsessie bouwstenen';
  const md = join(dir, 'agenda.md');
  execFileSync(CLI, ['agenda', file, '--session', session, '--minutes', '120', '--format', 'md', '--out', md]);
  // The items, from the Markdown table's rows: "| 14:00–14:10 | Welkom … | … |".
  const items = readFileSync(md, 'utf8')
    .split('\n')
    .filter((l) => /^\|\s*\d\d:\d\d–\d\d:\d\d\s*\|/.test(l))
    .map((l) => l.split('|')[2].trim().replace(/\\(.)/g, '$1'));
  assert.ok(items.length >= 4, `agenda items: ${items}`);

  const agendaDocx = join(dir, 'agenda.docx');
  execFileSync(CLI, ['agenda', file, '--session', session, '--format', 'docx', '--out', agendaDocx]);
  const agendaText = squash(toPdfText(agendaDocx));
  for (const item of items) assert.ok(agendaText.includes(squash(item)), `the agenda PDF lists "${item}"`);

  const reportDocx = join(dir, 'rapport.docx');
  execFileSync(CLI, ['report', file, '--format', 'docx', '--out', reportDocx]);
  const reportText = squash(toPdfText(reportDocx));
  const bouwstenen = JSON.parse(execFileSync(CLI, ['list', file, 'bouwstenen', '--json'], { encoding: 'utf8' }));
  assert.equal(bouwstenen.length, 4);
  for (const b of bouwstenen) assert.ok(reportText.includes(squash(b.name)), `the report PDF has the heading "${b.name}"`);
  rmSync(dir, { recursive: true, force: true });
});
