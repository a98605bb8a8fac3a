// End to end: a generic test's inputs keep the types PyYAML gives them, as in dbt. `1.0` is a
// float, so the test is named with `1_0` (its unique_id and hash follow), and the compiled SQL
// prints `1.0`; a date is a datetime.date; `1e3` stays text, as PyYAML 1.1 reads it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { newProject, readArtifact, runCli, writeProjectFile } from './test-helpers.js';

interface TestNode {
  resource_type: string;
  test_metadata?: { kwargs: Record<string, unknown> };
}

test('float and date test inputs name the test, hash it and render as Python prints them', async () => {
  const dir = await newProject('orchard');
  try {
    writeProjectFile(dir, 'models/trees.sql', 'select 1.0 as height, 2 as age\n');
    writeProjectFile(
      dir,
      'models/trees.yml',
      `version: 2
models:
  - name: trees
    columns:
      - name: height
        data_tests:
          - accepted_values:
              arguments:
                values: [1.0, 2.5, 1e3, 1.0e+3]
                quote: false
      - name: age
        data_tests:
          - in_range:
              arguments:
                low: 0.0
                high: 10.0
                planted: 2024-01-01
                nested: {edge: 5.0}
`,
    );
    writeProjectFile(
      dir,
      'macros/in_range.sql',
      `{% test in_range(model, column_name, low, high, planted, nested) %}
select * from {{ model }} where {{ column_name }} < {{ low }} or {{ column_name }} > {{ high }} or {{ column_name }} = {{ nested.edge }}
-- {{ planted.year }} {{ [low, planted] }}
{% endtest %}
`,
    );
    const run = await runCli(['compile', '--project-dir', dir]);
    assert.equal(run.code, 0, `${run.out}\n${run.err}`);
    const manifest = readArtifact<{ nodes: Record<string, TestNode> }>(dir, 'manifest.json');
    const tests = Object.keys(manifest.nodes).filter((id) => manifest.nodes[id]!.resource_type === 'test').sort();
    // The names and md5 suffixes dbt-core 1.10 gives these tests.
    assert.deepEqual(tests, [
      'test.orchard.accepted_values_trees_height__False__1_0__2_5__1e3__1000_0.307ab135c8',
      'test.orchard.in_range_trees_age__10_0__0_0__5_0__2024_01_01.f50f5e5908',
    ]);
    const folder = join(dir, 'target', 'compiled', 'orchard', 'models', 'trees.yml');
    const accepted = readFileSync(join(folder, 'accepted_values_trees_height__False__1_0__2_5__1e3__1000_0.sql'), 'utf8');
    assert.match(accepted, /where value_field not in \(\n    1\.0,2\.5,1e3,1000\.0\n\)/);
    const inRange = readFileSync(join(folder, 'in_range_trees_age__10_0__0_0__5_0__2024_01_01.sql'), 'utf8');
    assert.match(inRange, /where age < 0\.0 or age > 10\.0 or age = 5\.0\n-- 2024 \[0\.0, datetime\.date\(2024, 1, 1\)\]/);
    // The manifest keeps the date as dbt's encoder writes it.
    assert.equal(manifest.nodes[tests[1]!]!.test_metadata!.kwargs.planted, '2024-01-01');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
