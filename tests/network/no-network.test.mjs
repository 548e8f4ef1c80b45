// No network at all: the CLI and the real app, each run in a network namespace with no
// interface up (`unshare -n`) and traced with `strace -e trace=network`, work normally and
// never address an IP socket (AF_INET or AF_INET6) — no connect, send or bind. Local sockets
// (AF_UNIX: X11, D-Bus, WebKit's own processes) and netlink are fine.
//
// KETENTAFEL_CLI and KETENTAFEL_APP name the built binaries. Run as root (or with user
// namespaces), e.g. `node --test tests/network/`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = process.env.KETENTAFEL_CLI;
const APP = process.env.KETENTAFEL_APP;
const HERE = new URL('.', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'ketentafel-offline-'));
let traces = 0;

/** System calls that would reach an IP address: connect, send*, bind with an AF_INET(6) address. */
function ipCalls(trace) {
  return trace.split('\n').filter((l) => /\b(connect|sendto|sendmsg|sendmmsg|bind)\(.*sa_family=AF_INET6?\b/.test(l));
}

/** IP sockets opened at all (reported beside the calls that would use them). */
function ipSockets(trace) {
  return trace.split('\n').filter((l) => /\bsocket\(AF_INET6?,/.test(l));
}

/** Runs `cmd args` without a network and traced; returns its result and the trace. */
function offline(cmd, args, options = {}) {
  const log = join(dir, `trace-${++traces}.log`);
  const started = Date.now();
  const r = spawnSync('unshare', ['-n', '--', 'strace', '-f', '-qq', '-e', 'trace=network', '-o', log, cmd, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
    ...options,
  });
  return { ...r, ms: Date.now() - started, trace: existsSync(log) ? readFileSync(log, 'utf8') : '' };
}

test('the detector sees a connection attempt (control)', () => {
  const r = offline(process.execPath, ['-e', "require('net').connect(9, '127.0.0.1').on('error', () => {})"]);
  assert.ok(ipCalls(r.trace).length > 0, `strace saw no connect:\n${r.trace}`);
});

test('the CLI makes no network connection and works without a network', { skip: !CLI && 'KETENTAFEL_CLI not set' }, () => {
  const file = join(dir, 'demo.ketentafel');
  const big = join(dir, 'gen.ketentafel');
  const runs = [
    ['new', file, '--demo'],
    ['check', file, '--json'],
    ['list', file, 'parties'],
    ['analyse', file, '--json'],
    ['export', file, '--positions', join(dir, 'out.csv')],
    ['export', file, '--positions', join(dir, 'out.xlsx')],
    ['export', file, '--bundle', join(dir, 'bundle.json')],
    ['import', file, '--positions', join(dir, 'out.csv')],
    ['report', file, '--format', 'docx', '--out', join(dir, 'rapport.docx')],
    ['generate', big, '--parties', '20', '--topics', '50', '--sessions', '3', '--positions', '2000', '--seed', '1'],
  ];
  for (const args of runs) {
    const r = offline(CLI, args);
    assert.equal(r.status, 0, `ketentafel-cli ${args.join(' ')} failed:\n${r.stderr}`);
    assert.deepEqual(ipCalls(r.trace), [], `ketentafel-cli ${args[0]} reached for the network`);
    assert.deepEqual(ipSockets(r.trace), [], `ketentafel-cli ${args[0]} opened an IP socket`);
  }
  for (const out of ['out.csv', 'out.xlsx', 'bundle.json', 'rapport.docx']) {
    assert.ok(statSync(join(dir, out)).size > 0, `${out} was written`);
  }
});

test('the app opens, paints its window and makes no network connection', { skip: !APP && 'KETENTAFEL_APP not set' }, () => {
  const data = mkdtempSync(join(dir, 'app-'));
  const log = join(data, 'trace.log');
  const shot = join(data, 'window.png');
  const started = Date.now();
  // X server, D-Bus and app all inside the namespace: nothing reaches the host's network.
  const r = spawnSync(
    'unshare',
    ['-n', '--', 'dbus-run-session', '--', 'xvfb-run', '-a', '-s', '-screen 0 1280x800x24', 'bash', join(HERE, 'app-offline.sh'), log, data, shot],
    { encoding: 'utf8', timeout: 300_000, env: { ...process.env, KETENTAFEL_APP: APP } },
  );
  assert.equal(r.status, 0, `the app did not paint its window offline:\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /painted window/);
  const trace = readFileSync(log, 'utf8');
  assert.ok(trace.includes('AF_UNIX'), 'the trace covers the app (it talks to X11 and D-Bus)');
  assert.deepEqual(ipCalls(trace), [], 'the app reached for the network');
  assert.deepEqual(ipSockets(trace), [], 'the app (or one of its WebKit processes) opened an IP socket');
  // The demo dialogue was written: the app worked normally with no network.
  const files = readdirSync(join(data, 'data'), { recursive: true }).filter((f) => String(f).endsWith('.ketentafel'));
  assert.ok(files.length > 0, 'the demo dialogue was created');
  const painted = r.stdout.split('\n').find((l) => l.startsWith('painted window'));
  console.log(`app offline: ${painted} colours, ${Date.now() - started} ms; ${trace.split('\n').length} network calls traced, all local`);
});
