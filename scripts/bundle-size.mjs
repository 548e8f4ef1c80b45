#!/usr/bin/env node
// Checks the UI bundle against its budget: every JavaScript and CSS file Vite wrote to ui/dist,
// each compressed with gzip -9, summed; and the part the window loads before its first screen
// (the files index.html names, with what they import statically). Run after `npm run build`.
// Exits non-zero when the total is over the limit (issue 7: 250 kB gzip).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const LIMIT = 250 * 1000;
const dist = new URL('../ui/dist/', import.meta.url).pathname;

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(js|css)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const all = files(dist);
if (all.length === 0) {
  console.error(`bundle-size: no .js or .css under ${dist}; run npm run build first`);
  process.exit(2);
}
const gz = new Map(all.map((f) => [f, gzipSync(readFileSync(f), { level: 9 }).length]));
const sum = (list) => list.reduce((n, f) => n + gz.get(f), 0);

// The first load: what index.html names, then the static imports of those scripts, transitively.
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set();
const visit = (file) => {
  if (initial.has(file) || !gz.has(file)) return;
  initial.add(file);
  if (!file.endsWith('.js')) return;
  const code = readFileSync(file, 'utf8');
  for (const [, spec] of code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) {
    visit(join(file, '..', spec));
  }
};
for (const [, ref] of html.matchAll(/(?:src|href)="\.?\/?([^"]+\.(?:js|css))"/g)) visit(join(dist, ref));

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const js = all.filter((f) => f.endsWith('.js'));
const css = all.filter((f) => f.endsWith('.css'));
console.log(
  `ui bundle: ${kb(sum(all))} gzip -9 in ${all.length} files (JS ${kb(sum(js))}, CSS ${kb(sum(css))}); ` +
    `first load ${kb(sum([...initial]))} (${[...initial].map((f) => relative(dist, f)).join(', ')}); limit ${kb(LIMIT)}`,
);
if (sum(all) > LIMIT) {
  console.error(`bundle-size: the UI bundle is ${kb(sum(all))} gzip, over the ${kb(LIMIT)} limit`);
  process.exit(1);
}
