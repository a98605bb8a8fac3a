// End-to-end: `reelhouse docs generate` on a built copy of the quickstart writes target/index.html,
// one self-contained file whose embedded answers are exactly what the live server answers.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../../run/logger.js';
import { openSession } from '../../run/project-session.js';
import { createProjectWebApp } from '../project-web-app.js';
import { serveWebApp, type RunningServer } from '../serve-web-app.js';
import { ensureWebBuilt } from '../testing/browser.js';
import { repoRoot } from '../testing/built-quickstart.js';
import { readStaticAnswers, STATIC_IDS } from './static-page.js';

let dir: string;
let html: string;

/** Runs the CLI on the project copy, as a user would. */
function reelhouse(...args: string[]): string {
  const env = { ...process.env };
  delete env.QUICKSTART_DB_PATH;
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'reelhouse'), ...args, '--project-dir', dir], { encoding: 'utf8', env });
  assert.equal(r.status, 0, `${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/** The JSON of one embedded script element. */
function embedded(id: string): unknown {
  const m = new RegExp(`<script type="application/json" id="${id}">([^]*?)</script>`).exec(html);
  assert.ok(m, `the page embeds #${id}`);
  return JSON.parse(m[1]!) as unknown;
}

before(async () => {
  ensureWebBuilt();
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-static-docs-'));
  await cp(join(repoRoot, 'examples', 'quickstart'), dir, {
    recursive: true,
    filter: (src) => !/[\\/](target|dbt_packages|logs)$/.test(src) && !src.endsWith('.duckdb') && !src.endsWith('.wal'),
  });
  reelhouse('build', '-q');
  // As dbt's, the console ends at the catalog's line; the site's files are named in the debug log.
  const out = reelhouse('docs', 'generate', '--static');
  assert.match(out, /Catalog written to .*catalog\.json\n*$/);
  assert.match(readFileSync(join(dir, 'logs', 'dbt.log'), 'utf8'), /\[debug\] \[MainThread\]: Docs site written to .*static_index\.html/);
  html = readFileSync(join(dir, 'target', 'index.html'), 'utf8');
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('docs generate writes a static docs site', () => {
  it('writes index.html and, with --static, the same file as static_index.html', () => {
    assert.ok(existsSync(join(dir, 'target', 'manifest.json')));
    assert.ok(existsSync(join(dir, 'target', 'catalog.json')));
    assert.equal(readFileSync(join(dir, 'target', 'static_index.html'), 'utf8'), html);
  });

  it('is self-contained: no script, style sheet, icon or font is loaded from elsewhere', () => {
    // The page's own tags, not markup the inlined app writes at run time (a description's image).
    const page = html.replace(/(<script\b[^>]*>)[^]*?(<\/script>)/gi, '$1$2');
    const tags = page.match(/<(script|link|img|iframe|source)\b[^>]*>/gi) ?? [];
    assert.ok(tags.length >= 4, tags.join('\n'));
    for (const tag of tags) {
      assert.doesNotMatch(tag, /\bsrc=/i, tag);
      const href = /\bhref="([^"]*)"/i.exec(tag)?.[1];
      if (href !== undefined) assert.match(href, /^data:/, tag);
    }
    // No style sheet pulls anything in (@import, url() to a file or host).
    const css = /<style>([^]*?)<\/style>/.exec(html)?.[1] ?? '';
    assert.ok(css.length > 1000, 'the style sheet is inlined');
    assert.doesNotMatch(css, /@import|url\((?!["']?data:)/);
    assert.ok(/<script type="module">[^]{100000,}<\/script>/.test(html), 'the app is inlined');
    assert.equal(typeof embedded(STATIC_IDS.worker), 'string');
  });

  it('embeds, for every node page, the answer the live server gives', async () => {
    const answers = readStaticAnswers(html)!;
    assert.ok(answers, 'the page embeds the answers');
    const index = answers['/docs/index'] as { project: string; entries: { id: string }[] };
    assert.equal(index.project, 'quickstart');
    assert.ok(index.entries.some((e) => e.id === 'model.quickstart.stg_users'));
    for (const e of index.entries) assert.ok(answers[`/docs/nodes/${encodeURIComponent(e.id)}`], `a page for ${e.id}`);
    // The live app of `docs serve` on the same project and target folder.
    const logger = new Logger({ format: 'text', invocationId: 'static-docs-test', sink: { out: () => undefined, err: () => undefined }, timestamps: false });
    const session = await openSession({ projectDir: dir, flags: { WHICH: 'serve' }, logger, connect: false, invocationId: 'static-docs-test' });
    const server: RunningServer = await serveWebApp(createProjectWebApp(session).handler, { port: 0 });
    try {
      for (const [path, body] of Object.entries(answers)) {
        const live = await fetch(`${server.url}/api/web${path}`);
        assert.equal(live.status, 200, path);
        const expected = (await live.json()) as Record<string, unknown>;
        // /health also names the live server's features (a warehouse, pipelines), which a file has not.
        if (path === '/health') assert.equal((body as { project: string }).project, expected.project);
        else assert.deepEqual(body, expected, path);
      }
    } finally {
      await server.close();
      await session.close();
    }
    const stg = answers['/docs/nodes/model.quickstart.stg_users'] as { node: { description: string }; catalog: { columns: Record<string, unknown> } };
    assert.ok(stg.node.description.length > 0);
    assert.ok(Object.keys(stg.catalog.columns).includes('user_id'));
  });

  it('is written with --no-compile too, from the manifest parsing writes', async () => {
    await rm(join(dir, 'target'), { recursive: true, force: true });
    const out = reelhouse('docs', 'generate', '--no-compile');
    assert.doesNotMatch(out, /docs site was not written/);
    assert.ok(existsSync(join(dir, 'target', 'manifest.json')));
    assert.ok(existsSync(join(dir, 'target', 'index.html')));
  });
});
