import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../load/index.js';
import { CLEAN_ENV, writeProject } from '../load/test-project.js';
import type { CompiledNode } from '../types.js';
import { createRenderer } from './index.js';
import { globalProjectDir } from './global-project.js';
import { RENDER_OPTIONS } from './testing/make-project.js';

const PROFILES = 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: x.duckdb\n';

// Tests of every shape the generated `model` argument takes (ref, versioned ref, source, an
// ephemeral model's CTE), with and without a `where`, stored failures, quoted columns, an
// expression as column_name, and config written in the YAML entry.
const FILES: Record<string, string> = {
  'profiles.yml': PROFILES,
  'models/orders.sql': 'select 1 as id',
  'models/eph.sql': "{{ config(materialized='ephemeral') }} select 1 as id",
  'models/dim_v1.sql': 'select 1 as id',
  'models/dim_v2.sql': 'select 2 as id',
  'models/schema.yml': `version: 2
sources:
  - name: raw
    tables:
      - name: payments
        columns:
          - name: id
            data_tests: [unique, not_null]
models:
  - name: orders
    data_tests:
      - unique:
          column_name: "id || '-' || id"
    columns:
      - name: id
        data_tests:
          - unique
          - not_null
          - accepted_values:
              values: [1, 2]
          - relationships:
              to: ref('eph')
              field: id
      - name: Mixed
        quote: true
        data_tests: [unique, not_null]
      - name: amount
        data_tests:
          - not_null:
              config: {where: "id > 1", store_failures: true}
          - unique:
              where: "amount > 0"
  - name: eph
    columns:
      - name: id
        data_tests: [unique, not_null]
  - name: dim
    latest_version: 2
    versions:
      - v: 1
      - v: 2
    columns:
      - name: id
        data_tests: [unique, not_null]
`,
  'models/filtered/kept.sql': 'select 1 as id',
  'models/filtered/schema.yml': `version: 2
models:
  - name: kept
    columns:
      - name: id
        data_tests: [unique, not_null]
`,
};

// The entry macros of dbt's tests, defined again by the project word for word: the project then
// owns them, so its tests are rendered (through dbt's own default__ macros), which is what
// compiling them directly must equal.
function dbtEntryMacros(): string {
  const dir = join(globalProjectDir(), 'macros', 'generic_test_sql');
  const entry = (file: string, name: string): string => {
    const text = readFileSync(join(dir, file), 'utf8');
    const found = new RegExp(`\\{% macro ${name}\\([\\s\\S]*?\\{%-? endmacro %\\}`).exec(text);
    assert.ok(found, `dbt's ${name} is in ${file}`);
    return found[0];
  };
  return [entry('unique.sql', 'test_unique'), entry('not_null.sql', 'test_not_null'), entry('where_subquery.sql', 'get_where_subquery')].join('\n');
}

async function compileTests(files: Record<string, string>, flags: Record<string, unknown> = {}): Promise<{ sql: Map<string, string>; nodes: Map<string, CompiledNode> }> {
  const p = await writeProject(files);
  try {
    const loaded = await loadProject({ projectDir: p.dir, profilesDir: p.dir, vars: {}, env: CLEAN_ENV });
    const renderer = createRenderer(loaded, { ...RENDER_OPTIONS, flags });
    const manifest = renderer.parse(loaded.manifest);
    const sql = new Map<string, string>();
    const nodes = new Map<string, CompiledNode>();
    for (const node of Object.values(manifest.nodes)) {
      if (node.resource_type !== 'test') continue;
      sql.set(node.name, renderer.compile(node, manifest));
      nodes.set(node.name, node);
    }
    return { sql, nodes };
  } finally {
    await p.cleanup();
  }
}

test("dbt's own unique and not_null tests compile to what rendering their macros gives", async () => {
  const projects: { yml: string; flags?: Record<string, unknown> }[] = [
    { yml: 'name: shop\nprofile: shop\ndata_tests:\n  shop:\n    filtered:\n      +where: "id > 0"\n      +store_failures: true\n' },
    { yml: 'name: shop\nprofile: shop\nquoting:\n  database: false\n  schema: false\n  identifier: false\n', flags: { STORE_FAILURES: true } },
  ];
  for (const { yml, flags } of projects) {
    const direct = await compileTests({ ...FILES, 'dbt_project.yml': yml }, flags);
    const rendered = await compileTests({ ...FILES, 'dbt_project.yml': yml, 'macros/dbt_entry_macros.sql': dbtEntryMacros() }, flags);
    assert.deepEqual([...direct.sql.keys()].sort(), [...rendered.sql.keys()].sort());
    assert.ok(direct.sql.size >= 17, `all the tests compiled (${direct.sql.size})`);
    for (const [name, sql] of direct.sql) assert.equal(sql, rendered.sql.get(name), `${name} compiles as rendered`);
  }
  // The variants above are there: a where subquery, stored failures, a CTE, a source, a version.
  const { sql } = await compileTests({ ...FILES, 'dbt_project.yml': projects[0]!.yml });
  assert.match(sql.get('not_null_kept_id')!, /^\n {4}\n {4}\n{4}select \*\nfrom \(select \* from "[^"]+"\."main"\."kept" where id > 0\) dbt_subquery\nwhere id is null\n{3}$/);
  assert.match(sql.get('not_null_orders_id')!, /^\n {4}\n {4}\n{4}select id\nfrom "[^"]+"\."main"\."orders"\nwhere id is null\n{3}$/);
  assert.match(sql.get('unique_orders__Mixed_')!, /\n    "Mixed" as unique_field,/);
  // The CTE goes before the first keyword, after the test macro's leading lines, as dbt injects it.
  assert.match(sql.get('unique_eph_id')!, /^\n {4}\n {4}\n\nwith __dbt__cte__eph as \(\n select 1 as id\n\) select\n/);
  assert.match(sql.get('unique_orders_id')!, /^\n {4}\n {4}\n\nselect\n {4}id as unique_field,\n {4}count\(\*\) as n_records\n\nfrom "[^"]+"\."main"\."orders"\nwhere id is not null\ngroup by id\nhaving count\(\*\) > 1\n{3}$/);
  assert.match(sql.get('source_unique_raw_payments_id')!, /from "[^"]+"\."raw"\."payments"/);
  assert.match(sql.get('unique_dim_v1_id')!, /\."dim_v1"/);
});

// dbt records the macros a test's code calls at parse: the test macro, then get_where_subquery
// from its `model` argument, whether that argument is rendered or worked out directly.
test('a rendered generic test still depends on get_where_subquery', async () => {
  const { nodes } = await compileTests({ ...FILES, 'dbt_project.yml': 'name: shop\nprofile: shop\n' });
  assert.deepEqual(nodes.get('accepted_values_orders_id__1__2')!.depends_on.macros, ['macro.dbt.test_accepted_values', 'macro.dbt.get_where_subquery']);
  assert.deepEqual(nodes.get('relationships_orders_id__id__ref_eph_')!.depends_on.macros, ['macro.dbt.test_relationships', 'macro.dbt.get_where_subquery']);
});

test("a project's or a dispatched package's own test macros replace dbt's", async () => {
  const base = { ...FILES, 'dbt_project.yml': 'name: shop\nprofile: shop\n' };
  // The project's own macros, found first by dispatch in namespace dbt or by name.
  const own = await compileTests({
    ...base,
    'macros/overrides.sql': `{% macro default__test_unique(model, column_name) %}select 'project unique' from {{ model }}{% endmacro %}
{% macro get_where_subquery(relation) %}{{ return('(select 1) as project_where') }}{% endmacro %}
{% macro should_store_failures() %}{{ return(true) }}{% endmacro %}`,
  });
  assert.equal(own.sql.get('unique_orders_id'), "\n    \n    select 'project unique' from (select 1) as project_where\n");
  assert.equal(own.sql.get('not_null_orders_id'), '\n    \n    \n\n\n\nselect *\nfrom (select 1) as project_where\nwhere id is null\n\n\n');

  // A package's macros, reached through the project's dispatch config for namespace dbt.
  const dispatched = await compileTests({
    ...base,
    'dbt_project.yml': 'name: shop\nprofile: shop\ndispatch:\n  - macro_namespace: dbt\n    search_order: [shop, tests_pkg, dbt]\n',
    'dbt_packages/tests_pkg/dbt_project.yml': 'name: tests_pkg\nversion: "1.0"\nconfig-version: 2\n',
    'dbt_packages/tests_pkg/macros/tests.sql': `{% macro duckdb__test_not_null(model, column_name) %}select 'package not_null' from {{ model }}{% endmacro %}
{% macro default__get_where_subquery(relation) %}{{ return('package_where') }}{% endmacro %}`,
  });
  assert.equal(dispatched.sql.get('not_null_orders_id'), "\n    \n    select 'package not_null' from package_where\n");
  assert.match(dispatched.sql.get('unique_orders_id')!, /\nselect\n    id as unique_field,\n    count\(\*\) as n_records\n\nfrom package_where\n/);

  // The project's own ref() is what the `model` argument calls.
  const ownRef = await compileTests({ ...base, 'macros/ref.sql': '{% macro ref(name, version=none) %}{{ return(builtins.ref(name, version=version).include(database=false)) }}{% endmacro %}' });
  assert.equal(ownRef.sql.get('not_null_orders_id'), '\n    \n    \n\n\n\nselect id\nfrom "main"."orders"\nwhere id is null\n\n\n');
});
