// End-to-end harness: one tauri-driver per test file, with its own empty data folder, so
// every file starts from a clean app; sessions launch the real binary in the real WebKitGTK.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { remote } from 'webdriverio';

const APP = process.env.KETENTAFEL_APP;
const DRIVER = process.env.TAURI_DRIVER ?? 'tauri-driver';
// Two suites on one machine (a CI run beside a developer's run) each need their own ports.
const PORT = Number(process.env.KETENTAFEL_DRIVER_PORT ?? 4444);

export class App {
  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'ketentafel-e2e-'));
    this.picks = join(this.dir, 'picks.txt');
    writeFileSync(this.picks, '');
    this.driver = null;
    this.browser = null;
  }

  /** Starts tauri-driver with a fresh data folder and the scripted file-dialog answers. */
  async startDriver() {
    if (!APP) throw new Error('KETENTAFEL_APP must name the built app binary');
    // The previous file's driver (or its WebKitWebDriver) may still be letting go of the ports;
    // a new driver would then fail to listen, and our requests would reach the dying one.
    await waitUntilFree(PORT);
    await waitUntilFree(PORT + 1);
    this.driver = spawn(DRIVER, ['--port', String(PORT), '--native-port', String(PORT + 1)], {
      env: {
        ...process.env,
        XDG_DATA_HOME: join(this.dir, 'data'),
        XDG_CONFIG_HOME: join(this.dir, 'config'),
        KETENTAFEL_E2E_PICK_FILE: this.picks,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group, so stop() can end the driver, WebKitWebDriver and the app at once:
      // an app left behind would keep the driver's stderr pipe (and this test file) open.
      detached: true,
    });
    this.driverLog = '';
    this.driver.stderr.on('data', (d) => (this.driverLog += d));
    // Wait for the driver to answer, not for a fixed time.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${PORT}/status`);
        if (r.ok || r.status === 404 || r.status === 405) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`tauri-driver did not start: ${this.driverLog}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Launches the app in a new WebDriver session and waits until its UI has rendered. */
  async launch(args = []) {
    this.browser = await remote({
      hostname: '127.0.0.1',
      port: PORT,
      logLevel: 'warn',
      connectionRetryCount: 2,
      // A session that never starts (a webview that hangs while loading on a loaded machine) is
      // retried after 60 s instead of webdriverio's 120 s, within the test's own timeout.
      connectionRetryTimeout: 60_000,
      capabilities: {
        browserName: 'wry',
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application: APP, args },
      },
    });
    await this.browser.$('[data-testid="lang-select"], [data-testid="new-dialogue"]').waitForExist({ timeout: 30_000 });
    return this.browser;
  }

  /** Quits the app (ends the session, which closes the window). */
  async quit() {
    if (this.browser) {
      // A session whose app does not close is given up after 20 s; stop() kills what is left.
      const gaveUp = new Promise((r) => setTimeout(r, 20_000).unref());
      await Promise.race([this.browser.deleteSession().catch(() => {}), gaveUp]);
      this.browser = null;
    }
  }

  /** The path the next file dialog will "choose". */
  answerNextDialog(path) {
    writeFileSync(this.picks, path + '\n');
  }

  $(testid) {
    return this.browser.$(`[data-testid="${testid}"]`);
  }

  async click(testid) {
    const el = await this.$(testid);
    await el.waitForClickable({ timeout: 15_000 });
    // The app scrolls smoothly (unless reduced motion is asked for); the driver's own scroll
    // into view would then still be moving when it clicks at the element's coordinates.
    await this.browser.execute((e) => e.scrollIntoView({ block: 'center', behavior: 'instant' }), el);
    await el.click();
  }

  /** Waits until some element matching `selector` has text matching `re`. */
  async waitForText(selector, re, timeout = 15_000) {
    await this.browser.waitUntil(
      async () => {
        for (const el of await this.browser.$$(selector)) {
          if (re.test(await el.getText())) return true;
        }
        return false;
      },
      { timeout, timeoutMsg: `no ${selector} with text ${re}` },
    );
  }

  async stop() {
    await this.quit();
    if (this.driver) {
      const driver = this.driver;
      // A driver that has exited already will never emit 'exit' again: don't wait for it.
      const group = (signal) => {
        try {
          process.kill(-driver.pid, signal);
        } catch {
          /* the group is gone already */
        }
      };
      if (driver.exitCode === null && driver.signalCode === null) {
        const exited = new Promise((r) => driver.once('exit', r));
        group('SIGTERM');
        // A driver stuck on a child that does not quit gets SIGKILL after 10 s.
        const timer = setTimeout(() => group('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      // Whatever the driver left behind (its WebKitWebDriver, an app still closing) goes too.
      group('SIGKILL');
      driver.stderr?.destroy();
      this.driver = null;
    }
    // The app's last background write (a backup) may still be landing in the folder.
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

/** Waits (at most 30 s) until nothing listens on `port` of this machine. */
async function waitUntilFree(port) {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const listening = await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (!listening) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`port ${port} is still in use after 30 s`);
}
