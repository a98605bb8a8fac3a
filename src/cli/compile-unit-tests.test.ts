// End to end: dbt's compile acts on its executable node types (models, seeds, data tests,
// analyses, snapshots) and leaves unit tests out: they are rendered only by test and build.
// A unit test selected by name is therefore nothing to compile.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

let dir = '';

before(async () => {
  dir = await newProject('ledger');
  writeProjectFile(dir, 'models/totals.sql', 'select 1 as id, 10 as amount\n');
  writeProjectFile(dir, 'models/totals.yml', `unit_tests:
  - name: totals_keep_amount
    model: totals
    given: []
    expect:
      rows:
        - {id: 1, amount: 10}
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('compile compiles the model but not its unit test', async () => {
  const run = await runCli(['compile', '--project-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const ids = readArtifact<{ results: { unique_id: string }[] }>(dir, 'run_results.json').results.map((r) => r.unique_id);
  assert.deepEqual(ids, ['model.ledger.totals']);
  assert.ok(!existsSync(join(dir, 'target/compiled/ledger/models/totals.yml')), 'no compiled unit test file');
});

test('compile of a selected unit test has nothing to do; test still runs it', async () => {
  const run = await runCli(['compile', '--project-dir', dir, '-s', 'totals_keep_amount']);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  assert.match(`${run.out}${run.err}`, /Nothing to do\. Try checking your model configs and model specification args/);
  assert.doesNotMatch(run.out, /Concurrency:/);
  const tested = await runCli(['test', '--project-dir', dir, '-s', 'totals_keep_amount']);
  assert.match(tested.out, /PASS totals::totals_keep_amount/);
});
