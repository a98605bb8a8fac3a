import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const PROPERTIES = `version: 2
models:
  - name: tickets
    columns:
      - name: seat
        data_tests:
          - not_null:
              severity: warn
          - accepted_values:
              values: [a, b]
          - accepted_values:
              arguments:
                values: [a, b, c]
              config:
                where: "1 = 1"
          - relationships:
              to: ref('tickets')
              field: seat
`;

test('generic test inputs at the top level warn once with the count, as dbt 1.10.8+ does', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: cinema\nprofile: cinema\n',
    'models/tickets.sql': "select 'a' as seat\n",
    'models/tickets.yml': PROPERTIES,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const warned = loaded.diagnostics.filter((d) => d.code === 'test-arguments-top-level');
    assert.equal(warned.length, 1);
    assert.equal(warned[0]!.severity, 'warning');
    assert.equal(warned[0]!.message, 'Found top-level arguments to test `accepted_values`. Arguments to generic tests should be nested under the `arguments` property.');
    assert.equal(warned[0]!.location?.line, 9);
    assert.match(warned[0]!.hint ?? '', /2 tests have top-level arguments/);
    const nested = Object.values(loaded.manifest.nodes).find((n) => n.name === 'accepted_values_tickets_seat__a__b__c')!;
    assert.deepEqual(nested.test_metadata?.kwargs.values, ['a', 'b', 'c']);
    assert.equal(nested.config.where, '1 = 1');
  } finally {
    await p.cleanup();
  }
});

test('the arguments property wins over a top-level key of the same name, and the flag set false silences the warning', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: cinema\nprofile: cinema\nflags:\n  require_generic_test_arguments_property: false\n',
    'models/tickets.sql': "select 'a' as seat\n",
    'models/tickets.yml': `version: 2
models:
  - name: tickets
    columns:
      - name: seat
        data_tests:
          - accepted_values:
              values: [x]
          - accepted_values:
              quote: false
              arguments:
                quote: true
                values: [a]
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(loaded.diagnostics.filter((d) => d.code === 'test-arguments-top-level'), []);
    const nested = Object.values(loaded.manifest.nodes).find((n) => n.name === 'accepted_values_tickets_seat__True__a')!;
    assert.equal(nested.test_metadata?.kwargs.quote, true);
  } finally {
    await p.cleanup();
  }
});

test('a model-level test that only names its column_name at the top level does not warn, as dbt leaves column_name out', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: cinema\nprofile: cinema\n',
    'models/tickets.sql': "select 'a' as seat\n",
    'models/tickets.yml': `version: 2
models:
  - name: tickets
    data_tests:
      - not_null:
          column_name: seat
      - unique:
          column_name: "(seat || 'x')"
          config:
            severity: warn
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(loaded.diagnostics.filter((d) => d.code === 'test-arguments-top-level'), []);
    assert.ok(Object.values(loaded.manifest.nodes).some((n) => n.name === 'not_null_tickets_seat'));
  } finally {
    await p.cleanup();
  }
});
