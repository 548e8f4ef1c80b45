// Create a dialogue, add a party and a topic, quit, relaunch, and find them again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { App } from './harness.mjs';

const app = new App();
before(() => app.startDriver());
after(() => app.stop());

test('a new dialogue keeps its party and topic across a restart', async () => {
  const file = join(app.dir, 'werkgroep.ketentafel');
  const b = await app.launch();
  app.answerNextDialog(file);
  await app.click('new-dialogue');
  await app.waitForText('[data-testid="dialogue-title"]', /werkgroep/);
  assert.ok(existsSync(file), 'the dialogue file was created');

  await app.click('nav-parties');
  await app.click('add-party');
  await (await b.$('input[name="name"]')).setValue('Omroep Testland');
  await (await b.$('select[name="chain_role"]')).selectByAttribute('value', 'public_broadcaster');
  await app.click('save');
  await app.waitForText('[data-testid="party-row"]', /Omroep Testland/);

  await app.click('nav-topics');
  await app.click('add-topic');
  await (await b.$('input[name="title"]')).setValue('Rechten na vijf jaar terug');
  await app.click('save');
  await app.waitForText('[data-testid="topic-row"]', /Rechten na vijf jaar terug/);

  await app.quit();
  await app.launch();
  await app.waitForText('[data-testid="dialogue-title"]', /werkgroep/);
  await app.click('nav-parties');
  await app.waitForText('[data-testid="party-row"]', /Omroep Testland/);
  await app.click('nav-topics');
  await app.waitForText('[data-testid="topic-row"]', /Rechten na vijf jaar terug/);
});
