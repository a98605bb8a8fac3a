// End to end: a generic test defined in an installed package calls the package's other macros
// (and its other tests' macros) without the package prefix, as dbt's test context allows: the
// macros a test macro depends on are in that test's namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { newProject, runCli, writeProjectFile } from './test-helpers.js';

test("a package's generic test can call the package's macros and test macros unqualified", async () => {
  const dir = await newProject('kennel');
  try {
    writeProjectFile(dir, 'packages.yml', 'packages:\n  - local: checks\n');
    writeProjectFile(dir, 'checks/dbt_project.yml', "name: kennel_checks\nversion: '1.0.0'\nconfig-version: 2\n");
    writeProjectFile(
      dir,
      'checks/macros/tests.sql',
      `{% macro rows_below(model, column_name, floor) %}
select * from {{ model }} where {{ column_name }} < {{ floor }}
{% endmacro %}

{% test at_least(model, column_name, floor) %}
{{ rows_below(model, column_name, floor) }}
{% endtest %}

{% test positive(model, column_name) %}
{% do return(test_at_least(model, column_name, 1)) %}
{% endtest %}
`,
    );
    writeProjectFile(dir, 'models/dogs.sql', 'select 1 as dog_id, 12 as weight_kg union all select 2, 30');
    writeProjectFile(
      dir,
      'models/dogs.yml',
      `version: 2
models:
  - name: dogs
    columns:
      - name: dog_id
        data_tests:
          - kennel_checks.positive
      - name: weight_kg
        data_tests:
          - kennel_checks.at_least:
              floor: 10
          - kennel_checks.at_least:
              floor: 20
`,
    );
    const deps = await runCli(['deps', '--project-dir', dir, '--profiles-dir', dir]);
    assert.equal(deps.code, 0, `${deps.out}\n${deps.err}`);
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir]);
    // The floor of 20 fails on the 12 kg dog; the other two pass.
    const output = `${run.out}\n${run.err}`;
    assert.match(output, /PASS=3 WARN=0 ERROR=1 SKIP=0 NO-OP=0 TOTAL=4/, output);
    assert.match(output, /Failure in test kennel_checks_at_least_dogs_weight_kg__20/, output);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
