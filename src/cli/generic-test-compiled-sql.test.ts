// End to end: dbt's four generic tests compile to dbt's own text, whitespace included, so
// compiled/ files, run_results.json and manifest.json read as dbt writes them (tools that diff
// compiled SQL between dbt and this tool, or between runs, see no change).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifact, runCli, withProjectFiles } from './test-helpers.js';

const PROJECT = {
  'dbt_project.yml': "name: kiosk\nversion: '1.0.0'\nprofile: kiosk\n",
  'profiles.yml': 'kiosk:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: kiosk.duckdb\n',
  'models/customers.sql': 'select 1 as customer_id\n',
  'models/orders.sql': "select 1 as order_id, 1 as customer_id, 'placed' as status, 2 as size\n",
  'models/orders.yml': [
    'models:',
    '  - name: orders',
    '    columns:',
    '      - name: order_id',
    '        data_tests: [unique, not_null]',
    '      - name: status',
    '        data_tests:',
    "          - accepted_values: {arguments: {values: ['placed', 'shipped']}}",
    '      - name: size',
    '        data_tests:',
    '          - accepted_values: {arguments: {values: [1, 2], quote: false}}',
    '      - name: customer_id',
    '        data_tests:',
    "          - relationships: {arguments: {to: ref('customers'), field: customer_id}}",
    '',
  ].join('\n'),
};

const ORDERS = '"kiosk"."main"."orders"';
// The test macro's indented set and call lines come first, the default__ macro's SQL after.
const EXPECTED: Record<string, string> = {
  unique_orders_order_id: `\n    \n    \n\nselect\n    order_id as unique_field,\n    count(*) as n_records\n\nfrom ${ORDERS}\nwhere order_id is not null\ngroup by order_id\nhaving count(*) > 1\n\n\n`,
  not_null_orders_order_id: `\n    \n    \n\n\n\nselect order_id\nfrom ${ORDERS}\nwhere order_id is null\n\n\n`,
  accepted_values_orders_status__placed__shipped: `\n    \n    \n\nwith all_values as (\n\n    select\n        status as value_field,\n        count(*) as n_records\n\n    from ${ORDERS}\n    group by status\n\n)\n\nselect *\nfrom all_values\nwhere value_field not in (\n    'placed','shipped'\n)\n\n\n`,
  accepted_values_orders_size__False__1__2: `\n    \n    \n\nwith all_values as (\n\n    select\n        size as value_field,\n        count(*) as n_records\n\n    from ${ORDERS}\n    group by size\n\n)\n\nselect *\nfrom all_values\nwhere value_field not in (\n    1,2\n)\n\n\n`,
  relationships_orders_customer_id__customer_id__ref_customers_: `\n    \n    \n\nwith child as (\n    select customer_id as from_field\n    from ${ORDERS}\n    where customer_id is not null\n),\n\nparent as (\n    select customer_id as to_field\n    from "kiosk"."main"."customers"\n)\n\nselect\n    from_field\n\nfrom child\nleft join parent\n    on child.from_field = parent.to_field\n\nwhere parent.to_field is null\n\n\n`,
};

test("dbt's generic tests compile to dbt's text in every artifact, and still pass", async () => {
  await withProjectFiles(PROJECT, {}, async (dir) => {
    const run = await runCli(['build', '--project-dir', dir, '--profiles-dir', dir, '-q']);
    assert.equal(run.code, 0, run.out + run.err);
    const results = readArtifact<{ results: { unique_id: string; status: string; compiled_code: string }[] }>(dir, 'run_results.json').results;
    const manifest = readArtifact<{ nodes: Record<string, { compiled_code: string; compiled_path: string }> }>(dir, 'manifest.json');
    const tests = results.filter((r) => r.unique_id.startsWith('test.'));
    assert.deepEqual(tests.map((r) => r.unique_id.split('.')[2]).sort(), Object.keys(EXPECTED).sort());
    for (const result of tests) {
      const expected = EXPECTED[result.unique_id.split('.')[2]!]!;
      assert.equal(result.status, 'pass', result.unique_id);
      assert.equal(result.compiled_code, expected, `${result.unique_id} in run_results.json`);
      const node = manifest.nodes[result.unique_id]!;
      assert.equal(node.compiled_code, expected, `${result.unique_id} in manifest.json`);
      assert.equal(readFileSync(join(dir, node.compiled_path), 'utf8'), expected, `${result.unique_id} in ${node.compiled_path}`);
    }
  });
});
