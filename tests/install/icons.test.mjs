// The app's icon exists at every size the bundles need: the Linux hicolor PNGs, the Windows
// .ico and the macOS .icns, each checked by reading the files themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ICONS = join(import.meta.dirname, '..', '..', 'icons');
const config = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src-tauri', 'tauri.conf.json'), 'utf8'));

function pngSize(file) {
  const b = readFileSync(join(ICONS, file));
  assert.equal(b.toString('latin1', 1, 4), 'PNG', `${file} is a PNG`);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test('the PNGs the bundles list have the sizes their names say', () => {
  assert.deepEqual(pngSize('32x32.png'), [32, 32]);
  assert.deepEqual(pngSize('128x128.png'), [128, 128]);
  assert.deepEqual(pngSize('128x128@2x.png'), [256, 256]);
  assert.deepEqual(pngSize('icon.png'), [512, 512]);
  for (const icon of config.bundle.icon) assert.ok(readFileSync(join(ICONS, icon.replace('../icons/', ''))).length > 0, icon);
});

test('the Windows .ico holds 16 to 256 pixels', () => {
  const b = readFileSync(join(ICONS, 'icon.ico'));
  assert.equal(b.readUInt16LE(2), 1, 'an icon resource');
  const sizes = [];
  for (let i = 0; i < b.readUInt16LE(4); i++) sizes.push(b[6 + i * 16] || 256);
  for (const size of [16, 24, 32, 48, 64, 256]) assert.ok(sizes.includes(size), `${size} px in ${sizes}`);
});

test('the macOS .icns holds 16 to 1024 pixels, retina included', () => {
  const b = readFileSync(join(ICONS, 'icon.icns'));
  assert.equal(b.toString('latin1', 0, 4), 'icns');
  const types = [];
  for (let i = 8; i < b.length; i += b.readUInt32BE(i + 4)) types.push(b.toString('latin1', i, i + 4));
  // is32 16 px, il32 32, ic07 128, ic08 256, ic09 512, ic10 1024 (512@2x), ic11–ic14 retina.
  for (const type of ['is32', 'il32', 'ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14']) {
    assert.ok(types.includes(type), `${type} in ${types}`);
  }
});
