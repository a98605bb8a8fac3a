// End to end: what a data test records in run_results.json (failures, message), and a root
// project's own get_test_sql, which dbt's test materialization calls to count failing rows.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface Result {
  unique_id: string;
  status: string;
  failures: number | null;
  message: string | null;
}

// Three skaters lack a jersey number; thresholds decide pass / warn / fail.
const SCHEMA = `version: 2
models:
  - name: skaters
    columns:
      - name: jersey
        data_tests:
          - not_null:
              name: jersey_tolerated
              config: { warn_if: ">5", error_if: ">5" }
          - not_null:
              name: jersey_warned
              config: { error_if: ">5" }
          - not_null:
              name: jersey_failed
`;

async function makeProject(getTestSql?: string): Promise<string> {
  const dir = await newProject('rink');
  writeProjectFile(dir, 'models/skaters.sql', "select * from (values ('Ada', 7), ('Bo', null), ('Cy', null), ('Di', null)) as t(name, jersey)\n");
  writeProjectFile(dir, 'models/schema.yml', SCHEMA);
  if (getTestSql) writeProjectFile(dir, 'macros/get_test_sql.sql', getTestSql);
  return dir;
}

function byName(dir: string): Map<string, Result> {
  const rr = readArtifact<{ results: Result[] }>(dir, 'run_results.json');
  return new Map(rr.results.map((r) => [r.unique_id.split('.')[2]!, r]));
}

describe('data test results', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  test('a passing test records no failures and no message; warn and fail say why', async () => {
    const dir = await makeProject();
    dirs.push(dir);
    assert.equal((await runCli(['build', '--project-dir', dir, '--profiles-dir', dir])).code, 1);
    const r = byName(dir);
    assert.deepEqual(
      [r.get('jersey_tolerated'), r.get('jersey_warned'), r.get('jersey_failed')].map((x) => [x?.status, x?.failures, x?.message]),
      [
        ['pass', 0, null],
        ['warn', 3, 'Got 3 results, configured to warn if != 0'],
        ['fail', 3, 'Got 3 results, configured to fail if != 0'],
      ],
    );
  });

  test('under --warn-error a warning test fails "if <warn_if>", and the closing summary says the same', async () => {
    const dir = await makeProject();
    dirs.push(dir);
    assert.equal((await runCli(['run', '--project-dir', dir, '--profiles-dir', dir])).code, 0);
    const run = await runCli(['--warn-error', 'test', '--project-dir', dir, '--profiles-dir', dir, '--select', 'jersey_warned']);
    assert.equal(run.code, 1);
    const warned = byName(dir).get('jersey_warned');
    assert.deepEqual([warned?.status, warned?.message], ['fail', 'Got 3 results, configured to fail if != 0']);
    // warn_if is dbt's default (!= 0) here, error_if is >5: the summary must not quote error_if.
    assert.match(run.out + run.err, /Failure in test jersey_warned \(models\/schema\.yml\)\n.*Got 3 results, configured to fail if != 0/);
    assert.doesNotMatch(run.out + run.err, /configured to fail if >5/);
  });

  test("the root project's get_test_sql decides, with 0/1 flags", async () => {
    // Counts distinct missing rows but flags from a doubled count, so the verdicts differ from the default.
    const dir = await makeProject(`{% macro get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}
select {{ fail_calc }} as failures,
  case when {{ fail_calc }} * 2 {{ warn_if }} then 1 else 0 end as should_warn,
  case when {{ fail_calc }} * 2 {{ error_if }} then 1 else 0 end as should_error
from ({{ main_sql }}) as counted
{%- endmacro %}
`);
    dirs.push(dir);
    await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    const r = byName(dir);
    assert.deepEqual([r.get('jersey_tolerated')?.status, r.get('jersey_warned')?.status, r.get('jersey_failed')?.status], ['fail', 'fail', 'fail']);
    assert.equal(r.get('jersey_tolerated')?.failures, 3);
  });

  test('get_test_sql flags that are not booleans are an error naming the value', async () => {
    const dir = await makeProject(`{% macro default__get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}
select {{ fail_calc }} as failures, 'maybe' as should_warn, 'maybe' as should_error from ({{ main_sql }}) as counted
{%- endmacro %}
`);
    dirs.push(dir);
    await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    const failed = byName(dir).get('jersey_failed');
    assert.equal(failed?.status, 'error');
    assert.match(failed?.message ?? '', /'get_test_sql' returns 'maybe' and is not a bool/);
  });
});
