// Bundles the browser app (src/web) into dist/web with esbuild: no CDN, works offline.
// Usage: node scripts/build-web.mjs [--dev]   (--dev: no minification, inline source maps)
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src', 'web');
const out = join(root, 'dist', 'web');
const dev = process.argv.includes('--dev');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const started = Date.now();
const result = await build({
  // The lineage layout runs in a Web Worker of its own bundle (src/web/lineage/layout-worker.ts).
  entryPoints: { app: join(src, 'main.ts'), 'layout-worker': join(src, 'lineage', 'layout-worker.ts') },
  outdir: out,
  bundle: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  tsconfig: join(src, 'tsconfig.json'),
});
await build({ entryPoints: [join(src, 'styles.css')], outfile: join(out, 'app.css'), bundle: true, minify: !dev, logLevel: 'warning' });
copyFileSync(join(src, 'index.html'), join(out, 'index.html'));
copyFileSync(join(src, 'favicon.svg'), join(out, 'favicon.svg'));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`web app built in ${Date.now() - started} ms: dist/web/app.js ${(bytes / 1024).toFixed(0)} KiB`);
