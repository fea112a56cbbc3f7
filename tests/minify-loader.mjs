// Minifies the wasm-bindgen loader script of one release family and keeps its index.html true:
//
//   node tests/minify-loader.mjs DIST/_app/FAMILY
//
// Trunk's own minifier cannot parse wasm-bindgen's `export default`, so scripts/build-release.sh
// runs this after each family's `trunk build --release`. The loader is part of every first visit
// (scripts/size-budget.txt). Trunk writes a subresource-integrity hash for the script into
// index.html; the browser refuses a preload whose bytes do not match, so the hash is replaced.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/minify-loader.mjs DIST/_app/FAMILY');
  process.exit(2);
}
const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
const htmlPath = join(dir, 'index.html');
let html = readFileSync(htmlPath, 'utf8');
const scripts = readdirSync(dir).filter((name) => name.endsWith('.js'));
if (scripts.length === 0) {
  console.error(`minify-loader: no .js in ${dir}`);
  process.exit(1);
}
for (const name of scripts) {
  const path = join(dir, name);
  const source = readFileSync(path, 'utf8');
  const before = sri(source);
  if (!html.includes(before)) {
    console.error(`minify-loader: ${htmlPath} has no integrity hash for ${name}`);
    process.exit(1);
  }
  const { code } = await minify(source, { module: true, compress: true, mangle: true });
  writeFileSync(path, code);
  html = html.replaceAll(before, sri(code));
  console.log(`minify-loader: ${name} ${source.length} -> ${code.length} bytes`);
}
writeFileSync(htmlPath, html);
