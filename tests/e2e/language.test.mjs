// Switching to English and back re-renders the window in the chosen language.
import { after, before, test } from 'node:test';
import { App } from './harness.mjs';

const app = new App();
before(() => app.startDriver());
after(() => app.stop());

test('switch to English and back', async () => {
  await app.launch(['--demo']);
  await app.waitForText('[data-testid="dialogue-title"]', /Voorbeelddialoog/);
  await app.waitForText('[data-testid="nav-parties"]', /Partijen/);
  const select = await app.$('lang-select');
  await select.selectByAttribute('value', 'en');
  await app.waitForText('[data-testid="nav-parties"]', /Parties/);
  await app.waitForText('[data-testid="nav-sessions"]', /Sessions/);
  await select.selectByAttribute('value', 'nl');
  await app.waitForText('[data-testid="nav-parties"]', /Partijen/);
  await app.waitForText('[data-testid="nav-sessions"]', /Sessies/);
});
