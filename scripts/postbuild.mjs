// Trunk's post-build step (Trunk.toml [[hooks]]): finishes the page in the staging folder.
//  0. The app's code is fetched after the first frame (see below).
//  1. A Content-Security-Policy: the page's own origin only, 'wasm-unsafe-eval' for the app's
//     wasm, and each inline script allowed by its hash (no 'unsafe-inline' for scripts, no
//     eval). Set as a <meta> at the top of <head>, and in `_headers` for hosts that read one
//     (Netlify, Cloudflare Pages), where frame-ancestors also works.
//  2. The offline cache's list: every file of this build, and a version made from their
//     contents, written into sw.js so that a new build is a new worker with its own cache.
// Usage: node scripts/postbuild.mjs [folder]  (Trunk passes TRUNK_STAGING_DIR).
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('postbuild: no folder (TRUNK_STAGING_DIR is unset)');
const page = path.join(dir, 'index.html');
let html = fs.readFileSync(page, 'utf8');

// 0. The app's code is asked for once the page's first frame is painted: the shell (and on a
//    first visit the first-run card) shows without the app's 500 KB download and its compiling
//    competing with it, and the app mounts after that frame anyway (ui::boot). Trunk preloads
//    the wasm from <head> and starts it as soon as the page is parsed; the preload goes and the
//    start waits for a frame (or 300 ms in a tab that paints none).
const preload = /<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>/;
if (!preload.test(html)) throw new Error('postbuild: no wasm preload to take out (has Trunk changed?)');
html = html.replace(preload, '');
const start = /const wasm = await init\(/;
if (!start.test(html)) throw new Error('postbuild: no `await init(` to delay (has Trunk changed?)');
html = html.replace(
  start,
  'await new Promise((painted) => { requestAnimationFrame(() => setTimeout(painted)); setTimeout(painted, 300); });\n$&',
);

const hashes = [];
for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  hashes.push(`'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
if (hashes.length === 0) throw new Error('postbuild: no inline script found in index.html');

const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`,
  // Inline styles: the stylesheet is inlined for the first paint and the app sets a few
  // style attributes (the segment grid's shades). Scripts are what the policy guards.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
html = html.replace(/<head>/, `<head>${meta}`);
if (!html.includes(meta)) throw new Error('postbuild: no <head> to put the policy in');
fs.writeFileSync(page, html);
fs.writeFileSync(
  path.join(dir, '_headers'),
  `/*\n  Content-Security-Policy: ${policy}; frame-ancestors 'none'\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n`,
);

// Every file of the build but the worker itself and the hosts' header file, page first.
const skip = new Set(['sw.js', '_headers']);
const files = fs.readdirSync(dir).filter((f) => !skip.has(f) && fs.statSync(path.join(dir, f)).isFile()).sort();
const sum = crypto.createHash('sha256');
for (const f of files) sum.update(f).update(fs.readFileSync(path.join(dir, f)));
const version = sum.digest('hex').slice(0, 16);
const list = ['./', ...files.filter((f) => f !== 'index.html').map((f) => './' + f)];
const worker = path.join(dir, 'sw.js');
const marker = /const BUILD = \{[^\n]*\};/;
const sw = fs.readFileSync(worker, 'utf8');
if (!marker.test(sw)) throw new Error('postbuild: sw.js has no `const BUILD = {…};` line');
fs.writeFileSync(worker, sw.replace(marker, `const BUILD = ${JSON.stringify({ version, files: list })};`));
console.log(`postbuild: CSP with ${hashes.length} script hashes; offline cache ${version} of ${list.length} files`);
