#!/usr/bin/env node
// Lists the licences of everything bundled into the app — the Rust crates linked into the
// desktop binary and the npm packages the UI imports — into src-tauri/licences.json, which the
// About screen shows. `--check` fails when the committed list no longer matches the lockfiles.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'src-tauri', 'licences.json');

/** Crates the `ketentafel` binary links, on the platforms we ship: normal dependencies only. */
function rustCrates() {
  const seen = new Map();
  for (const target of ['x86_64-unknown-linux-gnu', 'x86_64-pc-windows-msvc', 'aarch64-apple-darwin']) {
    const meta = JSON.parse(
      execFileSync('cargo', ['metadata', '--format-version', '1', '--locked', '--filter-platform', target], {
        cwd: root,
        maxBuffer: 256 * 1024 * 1024,
      }),
    );
    const packages = new Map(meta.packages.map((p) => [p.id, p]));
    const nodes = new Map(meta.resolve.nodes.map((n) => [n.id, n]));
    const app = meta.packages.find((p) => p.name === 'ketentafel');
    const stack = [app.id];
    const reached = new Set();
    while (stack.length) {
      const id = stack.pop();
      if (reached.has(id)) continue;
      reached.add(id);
      for (const dep of nodes.get(id).deps) {
        if (dep.dep_kinds.some((k) => k.kind === null)) stack.push(dep.pkg);
      }
    }
    for (const id of reached) {
      const p = packages.get(id);
      if (p.source === null) continue; // our own crates
      seen.set(`${p.name}@${p.version}`, { name: p.name, version: p.version, licence: p.license ?? p.license_file ?? 'unknown' });
    }
  }
  return [...seen.values()];
}

/** The npm packages the UI imports (with what they need at run time), and paraglide, whose
 *  runtime is generated into the UI. */
function npmPackages() {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const imported = new Set(['@inlang/paraglide-js']);
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name === 'paraglide' || name === 'test') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name)) {
        for (const [, spec] of readFileSync(path, 'utf8').matchAll(/from\s+'([^.$'][^']*)'/g)) {
          const parts = spec.split('/');
          imported.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
        }
      }
    }
  };
  walk(join(root, 'ui', 'src'));
  const found = new Map();
  const stack = [...imported];
  while (stack.length) {
    const name = stack.pop();
    if (found.has(name)) continue;
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is imported by the UI but not in package-lock.json`);
    found.set(name, { name, version: entry.version, licence: entry.license ?? 'unknown' });
    // Svelte's own dependencies are its compiler's; only its runtime is bundled.
    if (name !== 'svelte' && name !== '@inlang/paraglide-js') stack.push(...Object.keys(entry.dependencies ?? {}));
  }
  return [...found.values()];
}

const byName = (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version);
const list = { rust: rustCrates().sort(byName), npm: npmPackages().sort(byName) };
const text = JSON.stringify(list, null, 1) + '\n';
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    /* missing */
  }
  if (current !== text) {
    console.error('src-tauri/licences.json is stale: run `node scripts/licences.mjs`');
    process.exit(1);
  }
  console.log(`licences: ${list.rust.length} crates and ${list.npm.length} npm packages, list up to date`);
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${list.rust.length} crates, ${list.npm.length} npm packages`);
}
