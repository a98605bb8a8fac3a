// End to end: `compile` and `show` print their preview as dbt's CompiledNode / ShowNode info
// events, whose heading lines dbt 1.9 and later print without the time of day, the SQL or table
// below as is, and --quiet prints the bare SQL or rows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const lines = (text: string): string[] => text.split('\n');

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reelhouse-preview-stamps-'));
  writeProjectFile(dir, 'dbt_project.yml', 'name: orchard\nprofile: orchard\n');
  writeProjectFile(dir, 'profiles.yml', 'orchard:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: orchard.duckdb\n');
  writeProjectFile(dir, 'models/crates.sql', "select 4 as crate_no, 'pear' as fruit\n");
  assert.equal((await cli('run', '-q')).code, 0);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("compile's 'Compiled node' heading is printed without the time of day, as dbt 1.9 and later print it, and so is the SQL below it", async () => {
  const run = await cli('compile', '-s', 'crates');
  assert.equal(run.code, 0, run.err);
  const out = lines(run.out);
  const at = out.findIndex((line) => line.endsWith("Compiled node 'crates' is:"));
  assert.equal(out[at], "Compiled node 'crates' is:", run.out);
  assert.equal(out[at + 1], "select 4 as crate_no, 'pear' as fruit");
  const inline = lines((await cli('compile', '--inline', 'select 1 as n')).out);
  assert.ok(inline.includes('Compiled inline node is:'), inline.join('\n'));
});

test("show's 'Previewing node' heading is printed without the time of day, as dbt 1.9 and later print it, and so are the table rows", async () => {
  const run = await cli('show', '-s', 'crates');
  assert.equal(run.code, 0, run.err);
  const out = lines(run.out);
  const at = out.findIndex((line) => line.endsWith("Previewing node 'crates':"));
  assert.equal(out[at], "Previewing node 'crates':", run.out);
  // The blank line after the Concurrency line is still a stamped one, as dbt prints it.
  assert.match(out[at - 1] ?? '', /^\d\d:\d\d:\d\d {2}$/u, run.out);
  assert.match(out[at + 1] ?? '', /^\| crate_no \| fruit/u);
  const inline = lines((await cli('show', '--inline', 'select 1 as n')).out);
  assert.ok(inline.includes('Previewing inline node:'), inline.join('\n'));
});

test('--quiet prints the bare SQL and rows, unstamped', async () => {
  assert.equal((await cli('compile', '-q', '-s', 'crates')).out.trim(), "select 4 as crate_no, 'pear' as fruit");
  assert.match((await cli('show', '-q', '-s', 'crates')).out, /^\| crate_no \| fruit/u);
});
