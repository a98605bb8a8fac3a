// The static docs page's assembly: code that contains `</script>` stays inside its element,
// the answers round-trip, and a missing built app is an error naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { isReelhouseError } from '../../core/diagnostic.js';
import { readStaticAnswers, renderStaticPage, STATIC_IDS } from './static-page.js';

const INDEX = `<!doctype html><html><head><title>Reelhouse</title><link rel="icon" href="favicon.svg" type="image/svg+xml" /><link rel="stylesheet" href="app.css" /><script type="module" src="app.js"></script></head><body></body></html>`;

async function assets(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-static-page-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

test('inlined code that contains </script> does not end its element, and means the same', async (t) => {
  const app = 'globalThis.out = ["</script><b>", "</SCRIPT>", /<\\/script>/.source, `$&$1`].join("|");';
  const worker = 'self.onmessage = () => "</script>";';
  const dir = await assets({ 'index.html': INDEX, 'app.js': app, 'app.css': 'a::after { content: "</style>"; }', 'layout-worker.js': worker, 'favicon.svg': '<svg/>' });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const answers = { '/docs/index': { entries: [{ id: 'model.p.a', description: '</script><script>alert(1)</script>' }] } };
  const html = await renderStaticPage(dir, answers, 'p & <q>');
  assert.ok(typeof html === 'string');
  // The module script ends at the first `</script`: what is inside must be the whole app.
  const inline = /<script type="module">([^]*?)<\/script>/i.exec(html)![1]!;
  const context: { out?: string } = {};
  runInNewContext(inline, context);
  const expected: { out?: string } = {};
  runInNewContext(app, expected);
  assert.equal(context.out, expected.out);
  const css = /<style>([^]*?)<\/style>/i.exec(html)![1]!;
  assert.ok(css.includes('content: "<\\/style>"'), css);
  const workerJson = new RegExp(`<script type="application/json" id="${STATIC_IDS.worker}">([^]*?)</script>`).exec(html)![1]!;
  assert.equal(JSON.parse(workerJson), worker);
  assert.deepEqual(readStaticAnswers(html), answers);
  assert.match(html, /<title>p &amp; &lt;q&gt;<\/title>/);
  assert.match(html, /<link rel="icon" type="image\/svg\+xml" href="data:image\/svg\+xml;base64,/);
});

test('a built app without its script is an error naming the missing file', async (t) => {
  const dir = await assets({ 'index.html': INDEX, 'app.css': '', 'layout-worker.js': '', 'favicon.svg': '' });
  t.after(() => rm(dir, { recursive: true, force: true }));
  const result = await renderStaticPage(dir, {}, 'p');
  assert.ok(isReelhouseError(result));
  assert.equal(result.diagnostic.code, 'docs-static-assets-missing');
  assert.equal(result.diagnostic.location?.file, join(dir, 'app.js'));
  assert.match(result.diagnostic.hint ?? '', /build-web/);
});
