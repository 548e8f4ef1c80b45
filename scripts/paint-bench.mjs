#!/usr/bin/env node
// Times the app's first paint against a bare Tauri window, both measured the same way: launch
// the binary with KETENTAFEL_PAINT_PROBE=1 and a fresh data, config and cache folder, and wait
// for the line its page sends once its first screen is in the DOM and two animation frames
// later (src-tauri/src/probe.rs). The time is from just before the launch to the time stamp on
// that line. The two binaries take turns (app, bare, bare, app, ...) so that a change in the
// machine's load falls on both; medians and their ratio are printed as JSON.
//
//   dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
//     node scripts/paint-bench.mjs --file COPY.ketentafel [--runs 9] [--warmup 1] [--out result.json]
//
// The app opens --file as its first argument (as the .deb's desktop entry does) and must show
// the overview; use a copy, as the app takes a lock, writes a backup and may upgrade the file.
// Build both first, in release: `npx tauri build --no-bundle --ci` and, in
// src-tauri/bare-window, `cargo build --release --features tauri/custom-protocol` (the flags
// `tauri build` passes to cargo). Not part of scripts/test.sh: it needs a large file and minutes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const target = process.env.CARGO_TARGET_DIR ?? join(process.env.HOME ?? '', '.cache/ketentafel/target');
const { values: opts } = parseArgs({
  options: {
    file: { type: 'string' },
    runs: { type: 'string', default: '9' },
    warmup: { type: 'string', default: '1' },
    app: { type: 'string', default: join(target, 'release/ketentafel') },
    bare: { type: 'string', default: join(target, 'release/ketentafel-bare-window') },
    timeout: { type: 'string', default: '120' },
    pause: { type: 'string', default: '2' },
    // Also written here: under dbus-run-session, D-Bus's accessibility daemon prints to stdout too.
    out: { type: 'string' },
  },
});

if (!opts.file) fail('--file COPY.ketentafel is required (a copy: the app writes beside it)');
if (!process.env.DISPLAY) fail('no DISPLAY: run under xvfb-run (see the comment at the top)');
for (const bin of [opts.app, opts.bare]) if (!existsSync(bin)) fail(`${bin} is not built`);

const runs = Number(opts.runs);
const warmup = Number(opts.warmup);
const timeoutMs = Number(opts.timeout) * 1000;
const pauseMs = Number(opts.pause) * 1000;

const subjects = {
  app: { bin: opts.app, args: [opts.file], screen: 'overview' },
  bare: { bin: opts.bare, args: [], screen: 'bare' },
};

/** Launches one subject; resolves with milliseconds from launch to its painted first screen. */
function launch({ bin, args, screen }) {
  const dir = mkdtempSync(join(tmpdir(), 'ketentafel-paint-'));
  const env = {
    ...process.env,
    KETENTAFEL_PAINT_PROBE: '1',
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_CACHE_HOME: join(dir, 'cache'),
  };
  return new Promise((resolve, reject) => {
    const started = performance.timeOrigin + performance.now();
    // Its own process group, so the app and WebKit's helper processes are ended together.
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let err = '';
    let settled = false;
    const finish = async (error, ms) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      await stop(child);
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      if (error) reject(error);
      else resolve(ms);
    };
    const timer = setTimeout(() => finish(new Error(`${bin}: no paint line in ${timeoutMs} ms\n${err.slice(-2000)}`)), timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^ketentafel-paint (\d+(?:\.\d+)?) (\S*)$/m.exec(out);
      if (!m) return;
      if (m[2] !== screen) finish(new Error(`${bin} painted '${m[2]}', expected '${screen}'\n${err.slice(-2000)}`));
      else finish(null, { paint: Number(m[1]) - started, ...timeline(out, started) });
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => finish(new Error(`${bin} exited (${code ?? signal}) before painting\n${err.slice(-2000)}`)));
  });
}

/** The marks and calls the page reported, in milliseconds since the launch. */
function timeline(out, started) {
  const marks = {};
  const calls = [];
  for (const [, name, at] of out.matchAll(/^ketentafel-mark (\S+) (\S+)$/gm)) marks[name] = Number(at) - started;
  for (const [, name, sent, answered] of out.matchAll(/^ketentafel-ipc (\S+) (\S+) (\S+)$/gm)) {
    calls.push({ name, sent: Number(sent) - started, answered: Number(answered) > 0 ? Number(answered) - started : null });
  }
  return { marks, calls };
}

/** Ends the process group and waits for the process to go. */
async function stop(child) {
  const group = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* gone already */
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    group('SIGTERM');
    const kill = setTimeout(() => group('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  }
  group('SIGKILL');
  child.stdout.destroy();
  child.stderr.destroy();
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function fail(message) {
  console.error(`paint-bench: ${message}`);
  process.exit(2);
}

const samples = { app: [], bare: [] };
const loads = [loadavg()[0]];
for (let i = 0; i < warmup + runs; i++) {
  // app, bare | bare, app | app, bare ...: neither always goes first.
  const order = i % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
  for (const name of order) {
    const run = await launch(subjects[name]);
    if (i >= warmup) samples[name].push(run);
    const calls = run.calls.map((c) => `${c.name} ${c.sent.toFixed(0)}+${c.answered === null ? '…' : (c.answered - c.sent).toFixed(0)}`);
    console.error(
      `${i < warmup ? 'warm-up' : `run ${i - warmup + 1}/${runs}`} ${name}: paint ${run.paint.toFixed(0)} ms, ` +
        Object.entries(run.marks).map(([mark, at]) => `${mark} ${at.toFixed(0)}`).join(', ') +
        (calls.length ? `; ${calls.join(', ')}` : ''),
    );
    loads.push(loadavg()[0]);
    await sleep(pauseMs);
  }
}

/** Medians over the runs: first paint, the page's marks, and each command's sending and answer. */
function summary(list) {
  const xs = list.map((r) => r.paint);
  const marks = {};
  for (const name of Object.keys(list[0].marks)) marks[name] = round(median(list.map((r) => r.marks[name])));
  const calls = {};
  for (const { name } of list[0].calls) {
    const seen = list.flatMap((r) => r.calls.filter((c) => c.name === name).slice(0, 1).map((c) => ({ ...c, paint: r.paint })));
    const answered = seen.filter((c) => c.answered !== null);
    calls[name] = {
      sent_ms: round(median(seen.map((c) => c.sent))),
      took_ms: answered.length ? round(median(answered.map((c) => c.answered - c.sent))) : null,
      // In how many runs the window painted before this command's answer arrived.
      after_paint: seen.filter((c) => c.answered === null || c.answered > c.paint).length,
    };
  }
  return {
    median_ms: round(median(xs)),
    min_ms: round(Math.min(...xs)),
    max_ms: round(Math.max(...xs)),
    samples_ms: xs.map(round),
    marks_median_ms: marks,
    calls_median_ms: calls,
  };
}
const ratio = median(samples.app.map((r) => r.paint)) / median(samples.bare.map((r) => r.paint));
const result = JSON.stringify(
  {
    file: opts.file,
    runs,
    warmup,
    cores: cpus().length,
    load_average_1min: { first: round(loads[0] * 100) / 100, median: round(median(loads) * 100) / 100, max: round(Math.max(...loads) * 100) / 100 },
    app: summary(samples.app),
    bare: summary(samples.bare),
    ratio: Math.round(ratio * 100) / 100,
    target: 1.3,
    met: ratio <= 1.3,
  },
  null,
  2,
);
console.log(result);
if (opts.out) writeFileSync(opts.out, result + '\n');
