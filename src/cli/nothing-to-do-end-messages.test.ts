// End to end: with nothing selected, dbt's seed and clone still print their end messages (an empty
// `Completed successfully` block and `Done.` counting nothing), while run, test, build and
// snapshot stop at the NothingToDo warning.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const cli = (...args: string[]) => runCli([...args, '--project-dir', dir, '--profiles-dir', dir]);
const plain = (text: string): string[] => text.trimEnd().split('\n').map((l) => l.replace(/^\d\d:\d\d:\d\d {2}/u, ''));
const NOTHING = 'Nothing to do. Try checking your model configs and model specification args';

before(async () => {
  dir = await newProject('larder');
  writeProjectFile(dir, 'models/pantry.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/shelf.sql', 'select * from {{ ref("pantry") }}\n');
});
after(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

test('seed with no seed in the project closes with an empty summary after NothingToDo', async () => {
  const result = await cli('seed');
  assert.equal(result.code, 0, `${result.out}\n${result.err}`);
  const lines = plain(result.out);
  const nothing = lines.indexOf(NOTHING);
  assert.ok(nothing > 0, result.out);
  assert.deepEqual(lines.slice(nothing + 1), ['', 'Completed successfully', '', 'Done. PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=0']);
});

test('clone selecting nothing closes with an empty summary after NothingToDo', async () => {
  const built = await cli('run', '--target-path', join(dir, 'prod-state'));
  assert.equal(built.code, 0, `${built.out}\n${built.err}`);
  const result = await cli('clone', '--state', join(dir, 'prod-state'), '--select', 'tag:none_such');
  assert.equal(result.code, 0, `${result.out}\n${result.err}`);
  const lines = plain(result.out);
  const nothing = lines.indexOf(NOTHING);
  assert.ok(nothing > 0, result.out);
  assert.deepEqual(lines.slice(nothing + 1), ['', 'Completed successfully', '', 'Done. PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=0']);
});

test('clone names a selection that matches nothing after its Found line, as the graph commands do', async () => {
  const result = await cli('clone', '--state', join(dir, 'prod-state'), '--select', 'none_such', '--log-format', 'json');
  assert.equal(result.code, 0, `${result.out}\n${result.err}`);
  const names = result.out.trim().split('\n').map((l) => (JSON.parse(l) as { info: { name: string } }).info.name);
  assert.deepEqual(names.slice(names.indexOf('FoundStats'), names.indexOf('NothingToDo') + 1), ['FoundStats', 'NoNodesForSelectionCriteria', 'NothingToDo']);
});

for (const command of ['run', 'test', 'build', 'snapshot']) {
  test(`${command} selecting nothing stops at NothingToDo`, async () => {
    const result = await cli(command, '--select', 'tag:none_such');
    assert.equal(result.code, 0, `${result.out}\n${result.err}`);
    const lines = plain(result.out);
    assert.equal(lines.at(-1), NOTHING, result.out);
  });
}
