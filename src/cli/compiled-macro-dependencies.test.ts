// End to end: the macros a node's code calls only when it compiles join its depends_on.macros
// in the manifest the command writes, as dbt's node-bound macros add themselves at run time.
// dbt's parse skips rendering its own unique and not_null tests, so their get_where_subquery
// appears once they compile; a macro under `{% if execute %}` appears once the model compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

interface ManifestShape {
  nodes: Record<string, { depends_on: { macros: string[] } }>;
}

const PROJECT = {
  'dbt_project.yml': "name: kiosk\nversion: '1.0.0'\nprofile: kiosk\n",
  'profiles.yml': 'kiosk:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiosk.duckdb\n',
  'macros/one.sql': '{% macro one() %}1{% endmacro %}\n',
  'models/orders.sql': 'select {% if execute %}{{ one() }}{% else %}0{% endif %} as id\n',
  'models/orders.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
};

function macrosOf(dir: string): Record<string, string[]> {
  const manifest = readArtifact<ManifestShape>(dir, 'manifest.json');
  const byName: Record<string, string[]> = {};
  for (const [id, node] of Object.entries(manifest.nodes)) byName[id.split('.')[2]!] = node.depends_on.macros;
  return byName;
}

test('a parse lists the macros parsing reached; a compile adds those only compiling calls', async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const args = ['--project-dir', dir, '--profiles-dir', dir, '-q'];
    const parsed = await runCli(['parse', ...args]);
    assert.equal(parsed.code, 0, parsed.out + parsed.err);
    assert.deepEqual(macrosOf(dir), {
      orders: [],
      unique_orders_id: ['macro.dbt.test_unique'],
      not_null_orders_id: ['macro.dbt.test_not_null'],
    });
    const compiled = await runCli(['compile', ...args]);
    assert.equal(compiled.code, 0, compiled.out + compiled.err);
    assert.deepEqual(macrosOf(dir), {
      orders: ['macro.kiosk.one'],
      unique_orders_id: ['macro.dbt.test_unique', 'macro.dbt.get_where_subquery'],
      not_null_orders_id: ['macro.dbt.test_not_null', 'macro.dbt.get_where_subquery'],
    });
  });
});
