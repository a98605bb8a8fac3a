// End to end: dbt 1.10's build runs exposures and saved queries as no-op nodes. Each prints one
// `NO-OP` line (no START line) after what it depends on, counts under NO-OP in the `Done.` line
// and in the `Finished running` line, and stays out of run_results.json (dbt 1.10 records it with
// status `no-op`, which dbt's published run_results v6 schema does not allow);
// below a failure it is skipped as `SKIP exposure <name>`, recorded as skipped, and retry runs it
// again. `run` and `test` never run them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';
import { loadSchemaValidator } from '../run/artifacts/schema-validator.js';

const LAYER = `semantic_models:
  - name: lessons
    model: ref('lessons')
    defaults:
      agg_time_dimension: held_on
    entities:
      - name: lesson
        type: primary
        expr: lesson_id
    dimensions:
      - name: held_on
        type: time
        type_params:
          time_granularity: day
    measures:
      - name: lesson_count
        expr: 1
        agg: sum
metrics:
  - name: lessons_held
    label: Lessons held
    type: simple
    type_params:
      measure: lesson_count
saved_queries:
  - name: lessons_by_day
    query_params:
      metrics:
        - lessons_held
      group_by:
        - TimeDimension('metric_time', 'day')
exposures:
  - name: timetable
    type: dashboard
    owner: {email: office@example.com}
    depends_on:
      - ref('lessons')
`;

interface RunResult {
  unique_id: string;
  status: string;
}

let dir = '';

before(async () => {
  dir = await newProject('school');
  writeProjectFile(dir, 'models/lessons.sql', "select 1 as lesson_id, date '2025-03-03' as held_on\n");
  writeProjectFile(dir, 'models/layer.yml', LAYER);
  writeProjectFile(dir, 'models/days.sql', "select date '2025-03-03' as day\n");
  writeProjectFile(dir, 'models/days.yml', 'models:\n  - name: days\n    time_spine:\n      standard_granularity_column: day\n    columns:\n      - name: day\n        granularity: day\n');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('build runs the exposure and the saved query as no-ops after their models', async () => {
  const run = await runCli(['build', '--project-dir', dir]);
  assert.equal(run.code, 0, `${run.out}\n${run.err}`);
  const lines = run.out.split('\n');
  const at = (pattern: RegExp): number => lines.findIndex((l) => pattern.test(l));
  assert.match(run.out, /\d of 4 NO-OP exposure timetable \.+ \[NO-OP in 0\.00s\]/);
  assert.match(run.out, /\d of 4 NO-OP saved query lessons_by_day \.+ \[NO-OP in 0\.00s\]/);
  assert.doesNotMatch(run.out, /START (exposure|saved query)/);
  assert.ok(at(/OK created sql view model main\.lessons/) < at(/NO-OP exposure timetable/));
  assert.ok(at(/OK created sql view model main\.lessons/) < at(/NO-OP saved query lessons_by_day/));
  assert.match(run.out, /Finished running 1 exposure, 1 saved query, 2 view models in /);
  assert.match(run.out, /Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=2 TOTAL=4/);

  const results = readArtifact<{ results: RunResult[] }>(dir, 'run_results.json').results;
  assert.deepEqual(results.map((r) => r.unique_id).sort(), ['model.school.days', 'model.school.lessons']);
});

test('--resource-type and selection pick the no-op nodes like any other', async () => {
  const only = await runCli(['build', '--project-dir', dir, '--resource-type', 'saved_query']);
  assert.equal(only.code, 0, `${only.out}\n${only.err}`);
  assert.match(only.out, /1 of 1 NO-OP saved query lessons_by_day/);
  assert.match(only.out, /Done\. PASS=0 WARN=0 ERROR=0 SKIP=0 NO-OP=1 TOTAL=1/);

  // dbt's LogNodeNoOpResult event (Q019) for readers of --log-format json.
  const json = await runCli(['build', '--project-dir', dir, '--resource-type', 'exposure', '--log-format', 'json']);
  const events = json.out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { info: { name: string; code: string }; data: Record<string, unknown> });
  const noOp = events.find((e) => e.info.name === 'LogNodeNoOpResult');
  assert.deepEqual(noOp && [noOp.info.code, noOp.data['description'], noOp.data['index'], noOp.data['total'], (noOp.data['node_info'] as { node_status: string }).node_status], ['Q019', 'exposure timetable', 1, 1, 'no-op']);
  assert.ok(!events.some((e) => e.info.name === 'LogStartLine'));

  // Under --debug, dbt's NodeStart and NodeFinished of the no-op node frame its NO-OP line, after
  // its runner's (empty) compile and execute phases.
  const debug = (await runCli(['build', '--project-dir', dir, '--resource-type', 'exposure', '--debug'])).out.split('\n');
  const at = (pattern: RegExp): number => debug.findIndex((l) => pattern.test(l));
  assert.ok(at(/Began running node exposure\.school\.timetable/) >= 0, debug.join('\n'));
  assert.ok(at(/Began running node exposure\.school\.timetable/) < at(/Began compiling node exposure\.school\.timetable/));
  assert.ok(at(/Began compiling node exposure\.school\.timetable/) < at(/Began executing node exposure\.school\.timetable/));
  assert.ok(at(/Began executing node exposure\.school\.timetable/) < at(/NO-OP exposure timetable/));
  assert.ok(at(/NO-OP exposure timetable/) < at(/Finished running node exposure\.school\.timetable/));

  const excluded = await runCli(['build', '--project-dir', dir, '--exclude-resource-type', 'exposure', '--exclude-resource-type', 'saved_query']);
  assert.match(excluded.out, /Done\. PASS=2 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=2/);

  const run = await runCli(['run', '--project-dir', dir]);
  assert.doesNotMatch(run.out, /NO-OP (exposure|saved query)/);
  assert.match(run.out, /NO-OP=0 TOTAL=2/);
});

test('below a failed model the exposure is skipped, not run', async () => {
  writeProjectFile(dir, 'models/lessons.sql', 'select * from no_such_table_at_all\n');
  const run = await runCli(['build', '--project-dir', dir, '-s', 'lessons+']);
  assert.equal(run.code, 1, `${run.out}\n${run.err}`);
  assert.match(run.out, /\d of \d SKIP exposure timetable \.+ \[SKIP\]/);
  assert.match(run.out, /\d of \d SKIP saved_query lessons_by_day \.+ \[SKIP\]/);
  assert.match(run.out, /Done\. PASS=0 WARN=0 ERROR=1 SKIP=2 NO-OP=0 TOTAL=3/);
  // dbt's NoOpRunner leaves a skipped result like any skipped node: `skipped` is a v6 status.
  const written = readArtifact<{ results: RunResult[] }>(dir, 'run_results.json');
  assert.deepEqual(written.results.map((r) => [r.unique_id, r.status]).sort(), [
    ['exposure.school.timetable', 'skipped'], ['model.school.lessons', 'error'], ['saved_query.school.lessons_by_day', 'skipped'],
  ]);
  const validate = loadSchemaValidator('run-results/v6.json');
  const verdict = validate(written);
  assert.ok(verdict.valid, JSON.stringify(verdict.errors));

  // retry reruns what was skipped: the model, then the exposure and saved query as no-ops.
  writeProjectFile(dir, 'models/lessons.sql', "select 1 as lesson_id, date '2025-03-03' as held_on\n");
  const retry = await runCli(['retry', '--project-dir', dir]);
  assert.equal(retry.code, 0, `${retry.out}\n${retry.err}`);
  assert.match(retry.out, /\d of 3 NO-OP exposure timetable/);
  assert.match(retry.out, /\d of 3 NO-OP saved query lessons_by_day/);
  assert.match(retry.out, /Done\. PASS=1 WARN=0 ERROR=0 SKIP=0 NO-OP=2 TOTAL=3/);
});
