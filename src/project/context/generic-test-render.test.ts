import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../load/index.js';
import { CLEAN_ENV, writeProject } from '../load/test-project.js';
import { createRenderer } from './index.js';
import { RENDER_OPTIONS } from './testing/make-project.js';

const PROJECT_FILES = {
  'dbt_project.yml': 'name: shop\nprofile: shop\n',
  'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: x.duckdb\n',
};

// Generic tests of one YAML file share their code and, once the names in their arguments are
// set aside, their argument templates: each must still compile against its own arguments.
test('generic tests sharing code and argument shapes each compile with their own arguments', async () => {
  const p = await writeProject({
    ...PROJECT_FILES,
    'models/orders.sql': 'select 1 as id',
    'models/users.sql': 'select 1 as id',
    'models/schema.yml': `version: 2
models:
  - name: orders
    columns:
      - name: id
        data_tests:
          - unique
          - relationships:
              to: ref("users")
              field: id
          - accepted_values:
              values: ['a', "it's", 'back\\\\slash']
  - name: users
    columns:
      - name: id
        data_tests:
          - unique
          - relationships:
              to: ref('orders')
              field: id
    data_tests:
      - dbt.not_null:
          column_name: id
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, profilesDir: p.dir, vars: {}, env: CLEAN_ENV });
    const renderer = createRenderer(loaded, RENDER_OPTIONS);
    const manifest = renderer.parse(loaded.manifest);
    const tests = Object.values(manifest.nodes).filter((n) => n.resource_type === 'test');
    const sql = (prefix: string) => {
      const node = tests.find((n) => n.name.startsWith(prefix));
      assert.ok(node, `no test named ${prefix}...`);
      return renderer.compile(node, manifest).replace(/\s+/g, ' ');
    };
    assert.match(sql('unique_orders_id'), /from "[^"]+"\."main"\."orders" where id is not null/);
    assert.match(sql('unique_users_id'), /from "[^"]+"\."main"\."users" where id is not null/);
    assert.match(sql('relationships_orders_id'), /from "[^"]+"\."main"\."users"/);
    assert.match(sql('relationships_users_id'), /from "[^"]+"\."main"\."orders"/);
    assert.ok(sql('accepted_values_orders_id').includes(`in ( 'a','it's','back\\\\slash' )`));
    assert.match(sql('dbt_not_null_users_id'), /from "[^"]+"\."main"\."users" where id is null/);
  } finally {
    await p.cleanup();
  }
});

// dbt finds the macro of an unqualified generic test (`- within_bounds:`) in the node's own
// package, then the root project, then any installed package: the test need not be prefixed
// with the package that defines it. A root project macro of the same name still wins.
test('an unqualified generic test resolves to the installed package that defines it', async () => {
  const p = await writeProject({
    ...PROJECT_FILES,
    'models/baskets.sql': 'select 3 as item_count',
    'models/schema.yml': `version: 2
models:
  - name: baskets
    columns:
      - name: item_count
        data_tests:
          - within_bounds:
              low: 1
              high: 9
          - shadowed_check
`,
    'macros/shadowed_check.sql': '{% test shadowed_check(model, column_name) %}select 1 as from_root_project{% endtest %}',
    'dbt_packages/checks_pkg/dbt_project.yml': 'name: checks_pkg\nversion: "1.0"\nconfig-version: 2\n',
    'dbt_packages/checks_pkg/macros/checks.sql': `{% test within_bounds(model, column_name, low, high) %}
select * from {{ model }} where {{ column_name }} not between {{ low }} and {{ high }}
{% endtest %}
{% test shadowed_check(model, column_name) %}select 1 as from_package{% endtest %}`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, profilesDir: p.dir, vars: {}, env: CLEAN_ENV });
    const renderer = createRenderer(loaded, RENDER_OPTIONS);
    const manifest = renderer.parse(loaded.manifest);
    const node = (prefix: string) => {
      const found = Object.values(manifest.nodes).find((n) => n.resource_type === 'test' && n.name.startsWith(prefix));
      assert.ok(found, `no test named ${prefix}...`);
      return found;
    };
    const bounds = node('within_bounds_baskets_item_count');
    assert.match(renderer.compile(bounds, manifest).replace(/\s+/g, ' '), /from "[^"]+"\."main"\."baskets" where item_count not between 1 and 9/);
    assert.ok(bounds.depends_on.macros.includes('macro.checks_pkg.test_within_bounds'), 'the package macro is a dependency');
    assert.match(renderer.compile(node('shadowed_check_baskets_item_count'), manifest), /from_root_project/);
  } finally {
    await p.cleanup();
  }
});

// dbt's parse shortcut for its two most common tests: not_null and unique from dbt itself are
// not rendered while parsing, and their one macro dependency is the test macro. A project's
// own test_unique is rendered as any other test, and its macros are recorded.
test("not_null and unique parse without rendering unless the project defines its own", async () => {
  const files = {
    ...PROJECT_FILES,
    'models/orders.sql': 'select 1 as id',
    'models/schema.yml': `version: 2
models:
  - name: orders
    columns:
      - name: id
        data_tests:
          - unique:
              config: {where: "id > 0", severity: warn}
          - not_null
          - accepted_values:
              values: [1]
`,
  };
  const parse = async (extra: Record<string, string>) => {
    const p = await writeProject({ ...files, ...extra });
    try {
      const loaded = await loadProject({ projectDir: p.dir, profilesDir: p.dir, vars: {}, env: CLEAN_ENV });
      const renderer = createRenderer(loaded, RENDER_OPTIONS);
      const manifest = renderer.parse(loaded.manifest);
      const byName = (prefix: string) => Object.values(manifest.nodes).find((n) => n.name.startsWith(prefix))!;
      return { renderer, manifest, byName };
    } finally {
      await p.cleanup();
    }
  };
  const builtin = await parse({});
  const unique = builtin.byName('unique_orders_id');
  assert.deepEqual(unique.depends_on, { macros: ['macro.dbt.test_unique'], nodes: [] });
  assert.deepEqual(unique.refs, [{ name: 'orders', package: null, version: null }]);
  assert.equal(unique.config.where, 'id > 0');
  assert.equal(String(unique.config.severity).toLowerCase(), 'warn');
  assert.deepEqual(builtin.byName('not_null_orders_id').depends_on.macros, ['macro.dbt.test_not_null']);
  // Other tests are rendered: what their macros call is recorded.
  assert.ok(builtin.byName('accepted_values_orders_id').depends_on.macros.includes('macro.dbt.test_accepted_values'));
  assert.ok(builtin.byName('accepted_values_orders_id').depends_on.macros.length > 1);
  // Compiled as before.
  assert.match(builtin.renderer.compile(unique, builtin.manifest), /where id > 0/);

  const own = await parse({ 'macros/unique.sql': "{% test unique(model, column_name) %}{{ config(severity='error', tags=['mine']) }}select {{ column_name }} from {{ model }} where false{% endtest %}" });
  const mine = own.byName('unique_orders_id');
  assert.ok(mine.depends_on.macros.includes('macro.shop.test_unique'));
  assert.deepEqual(mine.config.tags, ['mine']);
  // The YAML config still wins over the macro's config() call.
  assert.equal(String(mine.config.severity).toLowerCase(), 'warn');
  assert.deepEqual(own.byName('not_null_orders_id').depends_on.macros, ['macro.dbt.test_not_null']);
});
