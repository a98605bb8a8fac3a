// End to end: `fail_fast: true` under dbt_project.yml's `flags:` stops the run at the first failure
// (the nodes not run skipped with dbt's 'Skipping due to fail_fast') and is written to run_results.json's args as dbt's args_to_dict writes it (`fail_fast: true`);
// --no-fail-fast on the command line wins over the project, as dbt's flag precedence has it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';
const outcome = () => {
  const r = readArtifact<{ args: Record<string, unknown>; results: { unique_id: string; status: string }[] }>(dir, 'run_results.json');
  return { args: r.args, statuses: Object.fromEntries(r.results.map((x) => [x.unique_id, x.status])) };
};

before(async () => {
  dir = await newProject('quarry', 'flags:\n  fail_fast: true\n');
  // One thread, and the broken model sorts second: the echo runs first, the rest would run after it.
  writeProjectFile(dir, 'models/a_0_echo.sql', "select '{{ flags.FAIL_FAST }}' as fail_fast_flag\n");
  writeProjectFile(dir, 'models/a_cracked.sql', 'select no_such_column\n');
  writeProjectFile(dir, 'models/b_slab.sql', 'select 1 as slab_id\n');
  writeProjectFile(dir, 'models/c_block.sql', 'select 2 as block_id\n');
});
after(() => rm(dir, { recursive: true, force: true }));

test('flags: fail_fast in dbt_project.yml stops after the first failure, skips the rest as dbt, is in args and in flags.FAIL_FAST', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const { args, statuses } = outcome();
  assert.deepEqual(statuses, { 'model.quarry.a_0_echo': 'success', 'model.quarry.a_cracked': 'error', 'model.quarry.b_slab': 'skipped', 'model.quarry.c_block': 'skipped' });
  assert.equal(args['fail_fast'], true);
  // As dbt's fail-fast: the nodes it did not run get no SKIP line, carry its message and count among the errors.
  const messages = readArtifact<{ results: { unique_id: string; message: string | null }[] }>(dir, 'run_results.json').results;
  assert.equal(messages.find((r) => r.unique_id === 'model.quarry.b_slab')?.message, 'Skipping due to fail_fast');
  const output = `${run.out}\n${run.err}`;
  assert.doesNotMatch(output, / SKIP /u);
  assert.match(output, /Completed with 3 errors/u);
  // dbt writes a skipped node's message in the summary at debug level: not on the console.
  assert.doesNotMatch(output, /Skipping due to fail_fast/u);
  assert.match(readFileSync(join(dir, 'target/compiled/quarry/models/a_0_echo.sql'), 'utf8'), /'True' as fail_fast_flag/);
});

test('--no-fail-fast on the command line wins over the project flag', async () => {
  const run = await runCli(['run', '--project-dir', dir, '--profiles-dir', dir, '--exclude', 'a_0_echo', '--no-fail-fast']);
  assert.equal(run.code, 1);
  const { args, statuses } = outcome();
  assert.deepEqual(statuses, { 'model.quarry.a_cracked': 'error', 'model.quarry.b_slab': 'success', 'model.quarry.c_block': 'success' });
  assert.equal('fail_fast' in args, false, 'dbt leaves fail_fast out of args while false');
});

test('an exposure that fail-fast leaves unrun is skipped but not counted among the errors, as dbt leaves exposures out', async () => {
  writeProjectFile(dir, 'models/exposures.yml', [
    'exposures:',
    '  - name: quarry_map',
    '    type: dashboard',
    '    owner: {name: Ines}',
    "    depends_on: [ref('a_cracked'), ref('b_slab')]",
    '',
  ].join('\n'));
  try {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(run.code, 1, `${run.out}\n${run.err}`);
    assert.equal(outcome().statuses['exposure.quarry.quarry_map'], 'skipped');
    // The two models fail-fast left unrun count as errors beside the failed one; the exposure does not.
    assert.match(run.out, /Completed with 3 errors, 0 partial successes, and 0 warnings:/u);
    assert.match(run.out, /Done\. PASS=1 WARN=0 ERROR=1 SKIP=3 NO-OP=0 TOTAL=5/u);
  } finally {
    await rm(join(dir, 'models/exposures.yml'));
  }
});
