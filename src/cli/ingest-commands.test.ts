import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../adapters/duckdb/index.js';
import { runCli } from './test-helpers.js';

test('generate writes the same bytes for the same seed, and ingest loads each file once', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-ingest-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const args = ['--seed', '7', '--scale', '30', '--start', '2024-03-01', '--days', '3'];
  const first = await runCli(['generate', '--out', join(dir, 'a'), ...args]);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, /Generated \d+ users/);
  const second = await runCli(['generate', '--out', join(dir, 'b'), ...args]);
  assert.equal(second.code, 0, second.err);
  for (const name of ['users.csv', 'subscriptions.csv', 'payments.csv', 'viewing_activity.csv']) {
    assert.deepEqual(readFileSync(join(dir, 'a', name)), readFileSync(join(dir, 'b', name)), `${name} differs between runs`);
  }
  assert.ok(readdirSync(join(dir, 'a', 'lake', 'events')).some((d) => d.startsWith('event_date=2024-03-0')));

  const project = join(dir, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'dbt_project.yml'), "name: ingest_demo\nversion: '1.0'\nprofile: ingest_demo\n");
  writeFileSync(join(project, 'profiles.yml'), 'ingest_demo:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n');
  writeFileSync(
    join(project, 'ingest.yml'),
    `sources:\n  billing:\n    type: files\n    path: ${join(dir, 'a')}/*.csv\n    table: "{stem}_raw"\n`,
  );
  const load = await runCli(['ingest', '--project-dir', project]);
  assert.equal(load.code, 0, `${load.out}\n${load.err}`);
  assert.match(load.out, /OK billing \(files\): 4 file\(s\) loaded, 0 skipped/);
  const again = await runCli(['ingest', 'billing', '--project-dir', project]);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /OK billing \(files\): 0 file\(s\) loaded, 4 skipped, 0 rows/);

  const users = readFileSync(join(dir, 'a', 'users.csv'), 'utf8').trim().split('\n').length - 1;
  const db = await openDuckDb({ path: join(project, 'warehouse.duckdb') });
  try {
    const rows = await db.execute('select count(*) from raw.users_raw');
    assert.deepEqual(rows.rows, [[users]]);
  } finally {
    await db.close();
  }

  const unknown = await runCli(['ingest', 'nope', '--project-dir', project]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /nope/);
  assert.doesNotMatch(unknown.err, /\n\s+at /);
});

test('ingest names each file it could not read, loads the rest and exits 1; the next run retries only that file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'reelhouse-ingest-cli-bad-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'drops'));
  writeFileSync(join(dir, 'drops', 'a.csv'), 'id,v\n1,a\n');
  writeFileSync(join(dir, 'drops', 'b.csv'), 'id,v\n2,b\n3,c,surplus\n');
  writeFileSync(join(dir, 'drops', 'c.csv'), 'id,v\n4,d\n');
  writeFileSync(join(dir, 'ingest.yml'), 'database: warehouse.duckdb\nsources:\n  drops:\n    type: files\n    path: drops/*.csv\n    table: drops\n');
  const run = await runCli(['ingest', '--project-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const text = `${run.out}\n${run.err}`;
  assert.match(text, /b\.csv:3: Cannot read line 3 of drops\/b\.csv/);
  assert.match(text, /on_bad_rows: reject/);
  assert.match(text, /ERROR drops \(files\): 2 file\(s\) loaded, 0 skipped, 2 rows .*, 1 file\(s\) failed/);

  writeFileSync(join(dir, 'drops', 'b.csv'), 'id,v\n2,b\n3,c\n');
  const again = await runCli(['ingest', '--project-dir', dir]);
  assert.equal(again.code, 0, `${again.out}\n${again.err}`);
  assert.match(again.out, /OK drops \(files\): 1 file\(s\) loaded, 2 skipped, 2 rows/);

  // Options that change how the files read reload them, and the output says why.
  writeFileSync(join(dir, 'ingest.yml'), 'database: warehouse.duckdb\nsources:\n  drops:\n    type: files\n    path: drops/*.csv\n    table: drops\n    csv:\n      header: true\n      delim: ","\n');
  const reread = await runCli(['ingest', '--project-dir', dir]);
  assert.equal(reread.code, 0, `${reread.out}\n${reread.err}`);
  assert.match(reread.out, /OK drops \(files\): 3 file\(s\) loaded, 0 skipped, 4 rows/);
  assert.match(reread.out, /The read options of source 'drops' changed \(csv\.delim set to ",", csv\.header set to true\); reloading raw\.drops from its 3 file\(s\)\./);
});
