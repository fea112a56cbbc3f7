// A tiny static file server for a Trunk build (dist/), with the single-page-app fallback: a path
// that is not a file (a client-side route such as /raft) gets index.html. No dependencies.
//
//   node tests/serve-dist.mjs [DIR] [PORT]      # defaults: ../dist next to this file, port 8081
//
// The end-to-end tests import startServer() and serve on a free port of their own.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const defaultDist = path.resolve(here, '..', 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

function send(res, status, type, body, method) {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(method === 'HEAD' ? undefined : body);
}

/**
 * Serves `dir` on 127.0.0.1:`port` (0 picks a free port).
 * Resolves to { url, port, close() } once listening.
 */
export function startServer(dir = defaultDist, port = 0) {
  const root = path.resolve(dir);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    return Promise.reject(new Error(`${root}/index.html not found: run \`trunk build --release\` first`));
  }
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain', Buffer.from('method not allowed\n'), req.method);
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      send(res, 400, 'text/plain', Buffer.from('bad request\n'), req.method);
      return;
    }
    const file = path.resolve(root, '.' + pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      send(res, 403, 'text/plain', Buffer.from('forbidden\n'), req.method);
      return;
    }
    let target = file;
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) target = path.join(target, 'index.html');
    if (fs.existsSync(target) && fs.statSync(target).isFile()) {
      send(res, 200, TYPES[path.extname(target)] ?? 'application/octet-stream', fs.readFileSync(target), req.method);
      return;
    }
    // A missing asset (a path with an extension) is a real 404; anything else is a client route.
    if (path.extname(pathname) !== '') {
      send(res, 404, 'text/plain', Buffer.from(`not found: ${pathname}\n`), req.method);
      return;
    }
    send(res, 200, TYPES['.html'], fs.readFileSync(path.join(root, 'index.html')), req.method);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir = defaultDist, port = '8081'] = process.argv.slice(2);
  const { url } = await startServer(dir, Number(port));
  console.log(`serving ${path.resolve(dir)} at ${url}/ (Ctrl-C to stop)`);
}
