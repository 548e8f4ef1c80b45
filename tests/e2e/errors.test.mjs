// Opening a file that is not a dialogue gives a clear, translated error and changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { App } from './harness.mjs';

const app = new App();
before(() => app.startDriver());
after(() => app.stop());

test('opening a text file says it is not a dialogue and leaves it untouched', async () => {
  const file = join(app.dir, 'notities.txt');
  const text = 'Dit is een tekstbestand, geen dialoog.\n'.repeat(20);
  writeFileSync(file, text);
  await app.launch();
  app.answerNextDialog(file);
  await app.click('open-dialogue');
  await app.waitForText('[data-testid="error"]', /geen Ketentafel-dialoog/i);
  assert.equal(readFileSync(file, 'utf8'), text);
  // The start screen is still usable.
  assert.ok(await (await app.$('new-dialogue')).isClickable());
});
