/**
 * The sandbox chat page: plain HTML, CSS and JavaScript files (no build step) read once at start
 * from src/sandbox/page/, next to this module (the sandbox runs from the sources through tsx; it is
 * a development tool, not part of the compiled dist/).
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CANDIDATES = [path.join(HERE, 'page')];

export interface PageFiles {
  /** URL path → [content type, bytes] */
  files: Map<string, [string, Buffer]>;
}

export function loadPageFiles(): PageFiles {
  const dir = CANDIDATES.find((d) => fs.existsSync(path.join(d, 'index.html')));
  if (!dir) throw new Error(`sandbox page not found (looked in ${CANDIDATES.join(', ')})`);
  const files = new Map<string, [string, Buffer]>();
  for (const name of fs.readdirSync(dir)) {
    const type = TYPES[path.extname(name)];
    if (type) files.set(`/sandbox/${name}`, [type, fs.readFileSync(path.join(dir, name))]);
  }
  const index = files.get('/sandbox/index.html');
  if (index) files.set('/', index);
  return { files };
}

/** Serves GET / and /sandbox/<file>; resolves false for anything else. */
export function servePage(page: PageFiles, req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const file = page.files.get(url.pathname);
  if (!file) return false;
  res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-cache', 'content-length': file[1].length });
  res.end(req.method === 'HEAD' ? undefined : file[1]);
  return true;
}
