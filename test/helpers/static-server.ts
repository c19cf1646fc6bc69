/**
 * A small static file server for a built site on 127.0.0.1, resolving
 * Docusaurus' extensionless routes. It behaves like a production static host
 * in the two ways page speed depends on: text is gzip-compressed when the
 * client accepts it, and hashed assets are cacheable for a year.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const candidates = [pathname, `${pathname}.html`, path.join(pathname, 'index.html')];
    for (const candidate of candidates) {
      const file = path.join(root, candidate);
      if (file.startsWith(root) && fs.existsSync(file) && fs.statSync(file).isFile()) {
        const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
        const headers: Record<string, string> = { 'content-type': type, vary: 'accept-encoding' };
        if (candidate.startsWith('/assets/')) headers['cache-control'] = 'public, max-age=31536000, immutable';
        const compress = /^(text\/|application\/(json|xml)|image\/svg)/.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        if (compress) headers['content-encoding'] = 'gzip';
        res.writeHead(200, headers);
        const stream = fs.createReadStream(file);
        (compress ? stream.pipe(zlib.createGzip()) : stream).pipe(res);
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    fs.createReadStream(path.join(root, '404.html')).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
