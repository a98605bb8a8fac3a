// End to end: `docs generate` copies the project's asset-paths into the target folder (and
// `docs serve` serves them beside the docs), and announces the catalog as dbt does
// (BuildingCatalog, then CatalogWritten).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { flushLogFiles } from '../log-file.js';
import { newProject, runCli, writeProjectFile } from '../test-helpers.js';
import { docsServeCommand } from './docs-commands.js';

test('docs generate copies asset-paths into the target folder, replacing the previous copy', async (t) => {
  const dir = await newProject('gallery', "asset-paths: ['assets', 'images/diagrams']\n");
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/frames.sql', 'select 1 as frame_id\n');
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: frames\n    description: "![lineage](assets/lineage.svg)"\n');
  writeProjectFile(dir, 'assets/lineage.svg', '<svg/>\n');
  writeProjectFile(dir, 'assets/icons/film.png', 'png');
  writeProjectFile(dir, 'images/diagrams/flow.txt', 'flow\n');
  // A stale file from an earlier copy goes, as dbt removes the folder before copying.
  writeProjectFile(dir, 'target/assets/removed.svg', '<svg/>\n');
  const run = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  assert.equal(readFileSync(join(dir, 'target', 'assets', 'lineage.svg'), 'utf8'), '<svg/>\n');
  assert.equal(readFileSync(join(dir, 'target', 'assets', 'icons', 'film.png'), 'utf8'), 'png');
  assert.equal(readFileSync(join(dir, 'target', 'images', 'diagrams', 'flow.txt'), 'utf8'), 'flow\n');
  assert.equal(existsSync(join(dir, 'target', 'assets', 'removed.svg')), false);
});

test('docs generate says "Building catalog" then where it wrote it, under dbt event names', async (t) => {
  const dir = await newProject('ledger');
  t.after(() => rm(dir, { recursive: true, force: true }));
  writeProjectFile(dir, 'models/entries.sql', 'select 1 as entry_id\n');
  const run = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 0, run.err);
  const lines = run.out.split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
  const building = lines.indexOf('Building catalog');
  assert.ok(building > 0, run.out);
  assert.equal(lines[building + 1], `Catalog written to ${join(dir, 'target', 'catalog.json')}`);

  const json = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir, '--log-format', 'json']);
  assert.equal(json.code, 0, json.err);
  const events = json.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { data: unknown; info: { name: string; code: string; msg: string } });
  const named = (name: string) => events.filter((e) => e.info.name === name).map((e) => [e.info.code, e.info.msg, e.data]);
  const path = join(dir, 'target', 'catalog.json');
  assert.deepEqual(named('BuildingCatalog'), [['E044', 'Building catalog', {}]]);
  assert.deepEqual(named('CatalogWritten'), [['E042', `Catalog written to ${path}`, { path }]]);
  // --empty-catalog reads no warehouse, so it builds no catalog.
  const empty = await runCli(['docs', 'generate', '--empty-catalog', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(empty.code, 0, empty.err);
  assert.doesNotMatch(empty.out, /Building catalog/u);
});

test('docs serve serves the copied asset files beside the docs, and nothing else of the target folder', async (t) => {
  const dir = await newProject('album', "asset-paths: ['assets']\n");
  t.after(async () => {
    flushLogFiles();
    await rm(dir, { recursive: true, force: true });
  });
  writeProjectFile(dir, 'models/photos.sql', 'select 1 as photo_id\n');
  writeProjectFile(dir, 'models/schema.yml', 'models:\n  - name: photos\n    description: "![Where photos come from](assets/flow chart.png)"\n');
  writeProjectFile(dir, 'assets/flow chart.png', 'not really a png');
  const generated = await runCli(['docs', 'generate', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(generated.code, 0, generated.err);

  let stop!: () => void;
  const until = new Promise<void>((r) => (stop = r));
  const lines: string[] = [];
  const serving = docsServeCommand({ projectDir: dir, profilesDir: dir, port: '0' }, { sink: { out: (l) => lines.push(l), err: (l) => lines.push(l) } }, until);
  let url: string | undefined;
  for (let i = 0; i < 100 && !url; i++) {
    url = /http:\/\/localhost:\d+/u.exec(lines.join('\n'))?.[0];
    if (!url) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(url, lines.join('\n'));
  try {
    const image = await fetch(`${url}/assets/flow%20chart.png`);
    assert.equal(image.status, 200);
    assert.equal(image.headers.get('content-type'), 'image/png');
    assert.equal(await image.text(), 'not really a png');
    // Only the asset folders: not the manifest beside them, not by climbing out of a folder.
    for (const path of ['/assets/missing.png', '/manifest.json', '/assets/%2e%2e/manifest.json', '/assets/..%2fcatalog.json']) {
      const other = await fetch(`${url}${path}`);
      assert.doesNotMatch(await other.text(), /dbt_schema_version/u, path);
    }
  } finally {
    stop();
    assert.equal(await serving, 0);
  }
});
