import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Where the bundled browser app lives inside the installed package (`dist/web`). */
export function defaultAssetsDir(): string {
  return fileURLToPath(new URL('../../../web/', import.meta.url));
}

/**
 * Serves a file of the built browser app. Paths that are not files get index.html,
 * so the app's own routes (`/docs/model.x`) load the app.
 */
export function serveAsset(req: IncomingMessage, res: ServerResponse, assetsDir: string, pathname: string): boolean {
  const root = normalize(assetsDir.endsWith(sep) ? assetsDir : assetsDir + sep);
  let file = normalize(join(root, decodeURIComponent(pathname)));
  if (!file.startsWith(root)) return false;
  if (!existsSync(file) || statSync(file).isDirectory()) {
    if (extname(pathname) !== '' && !pathname.endsWith('.html')) return false;
    file = join(root, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web app is not built. Run `npm run build` in the Reelhouse package.');
      return true;
    }
  }
  const stat = statSync(file);
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const hashed = /\.[a-z0-9]{8,}\.(js|css)$/.test(file);
  const headers: Record<string, string | number> = {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    etag,
    'x-content-type-options': 'nosniff',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (extname(file) === '.html') {
    headers['content-security-policy'] =
      "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'";
  }
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag });
    res.end();
    return true;
  }
  res.writeHead(200, headers);
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
