// A deliberately dumb static file server, like any static host: no rewrite rules, unknown paths
// are 404, and text and wasm are sent gzip-compressed when the browser asks (as GitHub Pages,
// Netlify and nginx do). Used by `scripts/run.sh`, the end-to-end tests (which serve the app from
// a sub-path to prove it needs nothing more) and `scripts/lighthouse.sh`.
//   node scripts/serve.mjs --dir dist [--port 0] [--base /shop/grahak/]
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const COMPRESSED = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.webmanifest', '.svg']);
const gzipped = new Map();

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Starts a server for `dir` under `base`; resolves to { server, url }. */
export function serve({ dir, port = 0, base = '/' }) {
  const root = path.resolve(dir);
  if (!base.endsWith('/')) base += '/';
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      let rel = decodeURIComponent(url.pathname);
      if (!rel.startsWith(base)) return notFound(res);
      rel = rel.slice(base.length);
      if (rel === '' || rel.endsWith('/')) rel += 'index.html';
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep)) return notFound(res);
      let body = await fs.readFile(file);
      const headers = {
        'content-type': TYPES[path.extname(file)] || 'application/octet-stream',
        'cache-control': 'no-cache',
        vary: 'accept-encoding',
      };
      if (COMPRESSED.has(path.extname(file)) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        const key = file + ':' + body.length;
        if (!gzipped.has(key)) gzipped.set(key, zlib.gzipSync(body, { level: 9 }));
        body = gzipped.get(key);
        headers['content-encoding'] = 'gzip';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      notFound(res);
    }
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({ server, url: `http://127.0.0.1:${p}${base}` });
    });
  });
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const { url } = await serve({ dir: arg('dir', 'dist'), port: Number(arg('port', 0)), base: arg('base', '/') });
  console.log(`Grahak is running at ${url}`);
}
