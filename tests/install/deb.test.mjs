// The .deb as a user gets it: installed with dpkg -i (by scripts/test-deb.sh), it puts the
// program, its desktop entry, the .ketentafel file type and its icons in place; a .ketentafel
// file is associated with it; and the installed program, started the way the desktop starts it
// for a double-clicked file, opens that file in its window.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '../e2e/harness.mjs';

const DESKTOP = '/usr/share/applications/Ketentafel.desktop';
const CLI = process.env.KETENTAFEL_CLI;

test('the package installs the program, its desktop entry, file type and icons', () => {
  assert.ok(existsSync('/usr/bin/ketentafel'), '/usr/bin/ketentafel');
  const entry = readFileSync(DESKTOP, 'utf8');
  assert.match(entry, /^Exec=ketentafel %F$/m, 'files are passed to the program');
  assert.match(entry, /^MimeType=application\/x-ketentafel;?$/m);
  assert.match(entry, /^Icon=ketentafel$/m);
  execFileSync('desktop-file-validate', [DESKTOP]);
  assert.ok(existsSync('/usr/share/mime/packages/ketentafel.xml'));
  for (const size of ['32x32', '128x128', '256x256@2']) {
    assert.ok(existsSync(`/usr/share/icons/hicolor/${size}/apps/ketentafel.png`), `${size} icon`);
  }
});

test('a .ketentafel file is a Ketentafel dialogue to the desktop, opened by Ketentafel', () => {
  const file = join(process.env.KETENTAFEL_DEB_DIR, 'werkgroep.ketentafel');
  execFileSync(CLI, ['generate', file, '--parties', '6', '--topics', '8', '--sessions', '2', '--positions', '60', '--seed', '3']);
  // What a file manager asks: GIO's content type (the *.ketentafel glob beats the SQLite magic)
  // and the default application for it.
  const info = execFileSync('gio', ['info', '-a', 'standard::content-type', file], { encoding: 'utf8' });
  assert.match(info, /standard::content-type: application\/x-ketentafel$/m);
  const handler = execFileSync('gio', ['mime', 'application/x-ketentafel'], { encoding: 'utf8' });
  assert.match(handler, /^Default application for .*: Ketentafel\.desktop$/m);
});

{
  const app = new App();
  before(() => app.startDriver());
  after(() => app.stop());

  test('the installed program opens a double-clicked file', async () => {
    const file = join(process.env.KETENTAFEL_DEB_DIR, 'werkgroep.ketentafel');
    // What the desktop runs for a double-click: the entry's Exec line with %F replaced by the file.
    const exec = /^Exec=(.*)$/m.exec(readFileSync(DESKTOP, 'utf8'))[1].split(' ');
    const args = exec.slice(1).flatMap((a) => (a === '%F' ? [file] : [a]));
    assert.equal(exec[0], 'ketentafel');
    await app.launch(args);
    // textContent, not getText: WebKitWebDriver reads the ellipsised file name as empty.
    await app.browser.waitUntil(
      () => app.browser.execute(() => document.querySelector('[data-testid="dialogue-file"]')?.title),
      { timeout: 15_000, timeoutMsg: 'no dialogue open' },
    );
    const shown = await app.browser.execute(() => {
      const el = document.querySelector('[data-testid="dialogue-file"]');
      return { name: el.textContent, path: el.title };
    });
    assert.deepEqual(shown, { name: 'werkgroep.ketentafel', path: file });
  });
}
