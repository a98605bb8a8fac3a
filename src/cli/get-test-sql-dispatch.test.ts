// End to end: dbt's test materialization counts failing rows with get_test_sql, dispatched in the
// 'dbt' namespace. A package's default__get_test_sql that the project's `dispatch:` config lists
// before dbt decides the verdicts, as a root project's would:
// https://docs.getdbt.com/reference/project-configs/dispatch-config
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

const DISPATCH = `dispatch:
  - macro_namespace: dbt
    search_order: ['lenient_tests', 'dbt']
`;

let dir = '';
after(() => rm(dir, { recursive: true, force: true }));

test("a package's default__get_test_sql listed before dbt decides data test verdicts", async () => {
  dir = await newProject('kiln', DISPATCH);
  writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: pkgs/lenient_tests\n');
  writeProjectFile(dir, 'pkgs/lenient_tests/dbt_project.yml', "name: lenient_tests\nversion: '1.0.0'\nconfig-version: 2\n");
  // The package forgives up to two failing rows, whatever the test's thresholds say.
  writeProjectFile(
    dir,
    'pkgs/lenient_tests/macros/get_test_sql.sql',
    `{% macro default__get_test_sql(main_sql, fail_calc, warn_if, error_if, limit) -%}
select {{ fail_calc }} as failures, {{ fail_calc }} > 2 as should_warn, {{ fail_calc }} > 2 as should_error
from ({{ main_sql }}) as counted
{%- endmacro %}
`,
  );
  writeProjectFile(dir, 'models/firings.sql', "select * from (values (1, 900), (2, null), (3, null)) as t(batch, celsius)\n");
  writeProjectFile(dir, 'models/schema.yml', 'version: 2\nmodels:\n  - name: firings\n    columns:\n      - name: celsius\n        data_tests: [not_null]\n');
  const deps = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(deps.code, 0, `${deps.out}\n${deps.err}`);
  const build = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
  assert.equal(build.code, 0, `${build.out}\n${build.err}`);
  const results = readArtifact<{ results: { unique_id: string; status: string; failures: number | null }[] }>(dir, 'run_results.json').results;
  const notNull = results.find((r) => r.unique_id.startsWith('test.kiln.not_null_firings_celsius'));
  // dbt records no failures for a passing test; dbt's own get_test_sql would have failed it.
  assert.deepEqual([notNull?.status, notNull?.failures], ['pass', 0]);
});
