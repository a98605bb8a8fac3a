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
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Where the bundled browser app lives inside the installed package (`dist/web`). */
export function defaultAssetsDir(): string {
  return fileURLToPath(new URL('../../../web/', import.meta.url));
}

/**
 * Serves a file of the project's asset paths (`asset-paths: [assets]`: `/assets/x.png`) from the
 * target folder `docs generate` copied them into. False, with nothing sent, for any other path,
 * a file not there, or a path leaving its asset folder.
 */
export function serveProjectAsset(req: IncomingMessage, res: ServerResponse, targetDir: string, assetPaths: readonly string[], pathname: string): boolean {
  let path: string;
  try {
    path = decodeURIComponent(pathname).replace(/^\/+/u, '');
  } catch {
    return false;
  }
  for (const assetPath of assetPaths) {
    const folder = assetPath.replace(/^\.\//u, '').replace(/\/+$/u, '');
    if (folder === '' || !path.startsWith(`${folder}/`)) continue;
    const root = normalize(join(targetDir, folder) + sep);
    const file = normalize(join(targetDir, path));
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) return false;
    return serveAsset(req, res, root, encodeURIComponent(file.slice(root.length)).replace(/%2F/gu, '/'));
  }
  return false;
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
