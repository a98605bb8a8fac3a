// End to end: the files `compile --inline` and `show` leave under target/, as dbt 1.10's do. Its
// compiler writes each node it compiles to target/compiled: the inline query's node (path
// `sql/inline_query`, file "from remote system.sql") and each node show previews. compile
// --inline parses the project as any compile does, so it writes the manifest too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const INLINE_FILE = ['target', 'compiled', 'depot', 'from remote system.sql', 'sql', 'inline_query'];

before(async () => {
  dir = await newProject('depot');
  writeProjectFile(dir, 'models/crates.sql', "select 7 as crate_id, 'oak' as wood\n");
  assert.equal((await cli('run', '-q')).code, 0);
});
after(() => rm(dir, { recursive: true, force: true }));

test("compile --inline writes the inline node's compiled SQL under its file and path, and the parse's manifest", async () => {
  await rm(join(dir, 'target'), { recursive: true, force: true });
  const run = await cli('compile', '--inline', "select wood from {{ ref('crates') }} -- {{ model.path }} {{ model.fqn }}");
  assert.equal(run.code, 0, run.out + run.err);
  const expected = `select wood from "depot"."main"."crates" -- sql/inline_query ['depot', 'sql', 'inline_query']`;
  assert.equal(readFileSync(join(dir, ...INLINE_FILE), 'utf8'), expected);
  for (const name of ['manifest.json', 'semantic_manifest.json', 'graph_summary.json', 'run_results.json']) {
    assert.ok(existsSync(join(dir, 'target', name)), `target/${name} is missing after compile --inline`);
  }
});

test('show --inline writes the compiled inline query (without the limit), and show --select the compiled model', async () => {
  await rm(join(dir, 'target'), { recursive: true, force: true });
  assert.equal((await cli('show', '--inline', "select crate_id from {{ ref('crates') }}")).code, 0);
  assert.equal(readFileSync(join(dir, ...INLINE_FILE), 'utf8'), 'select crate_id from "depot"."main"."crates"');
  assert.equal((await cli('show', '--select', 'crates')).code, 0);
  assert.equal(readFileSync(join(dir, 'target', 'compiled', 'depot', 'models', 'crates.sql'), 'utf8'), "select 7 as crate_id, 'oak' as wood");
});
