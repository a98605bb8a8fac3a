// End to end: in `build`, dbt runs a model's unit tests in the model's own turn and worker, one
// after another just before the model; once one fails, the rest of them and the model are skipped.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from '../cli/test-helpers.js';

let dir = '';

const unitTest = (name: string, model: string, expected: number): string => `  - name: ${name}
    model: ${model}
    given:
      - input: ref('base')
        rows:
          - {id: 1}
    expect:
      rows:
        - {id: ${expected}}
`;

before(async () => {
  dir = await newProject('unitturn');
  writeProjectFile(dir, 'models/base.sql', 'select 1 as id\n');
  writeProjectFile(dir, 'models/good.sql', "select id from {{ ref('base') }}\n");
  writeProjectFile(dir, 'models/bad.sql', "select id from {{ ref('base') }}\n");
  writeProjectFile(dir, 'models/below_bad.sql', "select * from {{ ref('bad') }}\n");
  writeProjectFile(
    dir,
    'models/unit_tests.yml',
    `unit_tests:\n${unitTest('good_one', 'good', 1)}${unitTest('good_two', 'good', 1)}${unitTest('bad_one', 'bad', 2)}${unitTest('bad_two', 'bad', 1)}`,
  );
});
after(() => rm(dir, { recursive: true, force: true }));

test("a model's unit tests run one after another in its worker, then the model; a failure skips the rest and the model", async () => {
  const run = await runCli(['build', '--threads', '4', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  const lines = run.out.split('\n');
  const about = (pattern: RegExp): string[] =>
    lines.filter((l) => / \d+ of \d+ /.test(l) && pattern.test(l)).map((l) => /\d+ of \d+ (START|PASS|FAIL 1|SKIP|OK)\b.*?(good_one|good_two|bad_one|bad_two|main\.\w+)/.exec(l)!.slice(1, 3).join(' '));

  assert.deepEqual(about(/good_one|good_two|main\.good /), [
    'START good_one', 'PASS good_one', 'START good_two', 'PASS good_two', 'START main.good', 'OK main.good',
  ], run.out);
  // A skipped unit test is named alone, as dbt's SkippingDetails names every node.
  assert.ok(lines.some((l) => / SKIP unit_test bad_two \.+ \[SKIP\]/.test(l)), run.out);
  assert.deepEqual(about(/bad_one|bad_two|main\.bad |main\.below_bad /), [
    'START bad_one', 'FAIL 1 bad_one', 'SKIP bad_two', 'SKIP main.bad', 'SKIP main.below_bad',
  ], run.out);

  const results = readArtifact<{ results: { unique_id: string; status: string; thread_id: string }[] }>(dir, 'run_results.json').results;
  const of = (id: string) => results.find((r) => r.unique_id === id)!;
  const goodThread = of('model.unitturn.good').thread_id;
  assert.equal(of('unit_test.unitturn.good.good_one').thread_id, goodThread);
  assert.equal(of('unit_test.unitturn.good.good_two').thread_id, goodThread);
  assert.equal(of('unit_test.unitturn.bad.bad_two').status, 'skipped');
  assert.equal(of('unit_test.unitturn.bad.bad_two').thread_id, of('unit_test.unitturn.bad.bad_one').thread_id);
});
