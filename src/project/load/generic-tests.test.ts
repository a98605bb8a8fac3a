import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { loadProject, synthesizeTestNames, testHash } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test('test names follow dbt: sorted args, cleaned, truncated with an md5 at 64 characters', () => {
  assert.deepEqual(synthesizeTestNames('not_null', 'stg_users', { column_name: 'user_id', model: 'x' }), { shortName: 'not_null_stg_users_user_id', fullName: 'not_null_stg_users_user_id' });
  assert.equal(synthesizeTestNames('accepted_values', 'stg_users', { column_name: 'plan_type', values: ['basic', 'standard', 'premium'] }).fullName, 'accepted_values_stg_users_plan_type__basic__standard__premium');
  assert.equal(synthesizeTestNames('relationships', 'stg_payments', { to: "ref('stg_users')", field: 'user_id', column_name: 'user_id' }).fullName, 'relationships_stg_payments_user_id__user_id__ref_stg_users_');
  const long = synthesizeTestNames('accepted_values', 'stg_users', { column_name: 'plan_type', values: ['basic', 'standard', 'premium', 'enterprise'] });
  assert.match(long.shortName, /^accepted_values_stg_users_[0-9a-f]{32}$/);
  assert.equal(synthesizeTestNames('x', 'm', { flag: true, n: 1.5, none: null }).fullName, 'x_m_True__1_5__None');
});

test('YAML test forms: arguments:, name:, test_name:, namespaces, config, quoted columns, versions', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\ndata_tests:\n  +store_failures: true\n',
    'models/stg_users.sql': 'select 1 as user_id',
    'models/dim_users_v1.sql': 'select 1 as id',
    'models/dim_users_v2.sql': 'select 1 as id',
    'models/schema.yml': `version: 2
models:
  - name: stg_users
    data_tests:
      - dbt_utils.unique_combination_of_columns:
          arguments:
            combination_of_columns: [user_id, plan]
          config:
            severity: warn
            where: "plan is not null"
      - name: users_are_unique
        test_name: unique
        column_name: user_id
    columns:
      - name: user_id
        tags: [key]
        tests:
          - not_null:
              tags: [critical]
          - accepted_values:
              values: [1, 2]
              quote: false
      - name: Plan Type
        quote: true
        data_tests: [not_null]
  - name: dim_users
    latest_version: 2
    versions:
      - v: 1
      - v: 2
    columns:
      - name: id
        data_tests: [unique]
`,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const tests = Object.values(manifest.nodes).filter((n) => n.resource_type === 'test');
    const byName = new Map(tests.map((t) => [t.name, t]));
    const combo = byName.get('dbt_utils_unique_combination_of_columns_stg_users_user_id__plan')!;
    assert.ok(combo, [...byName.keys()].join(', '));
    assert.equal(combo.raw_code, '{{ dbt_utils.test_unique_combination_of_columns(**_dbt_generic_test_kwargs) }}{{ config(severity="warn",where="plan is not null") }}');
    assert.deepEqual(combo.test_metadata, { name: 'unique_combination_of_columns', namespace: 'dbt_utils', kwargs: { combination_of_columns: ['user_id', 'plan'], model: "{{ get_where_subquery(ref('stg_users')) }}" } });
    assert.equal(combo.config.severity, 'warn', 'dbt keeps the case written for tests other than its own not_null and unique');
    assert.equal(combo.config.store_failures, true);
    assert.equal(combo.attached_node, 'model.shop.stg_users');
    assert.ok(byName.get('users_are_unique'));
    assert.equal(byName.get('users_are_unique')!.test_metadata?.kwargs.column_name, 'user_id');
    const nn = byName.get('not_null_stg_users_user_id')!;
    assert.deepEqual(nn.tags, ['critical', 'key']);
    assert.deepEqual(nn.refs, [{ name: 'stg_users', package: null, version: null }]);
    assert.ok(byName.get('accepted_values_stg_users_user_id__False__1__2'), 'kwargs in sorted order, Python str() of values');
    const quoted = byName.get('not_null_stg_users__Plan_Type_')!;
    assert.equal(quoted.column_name, '"Plan Type"');
    assert.ok(manifest.nodes['model.shop.dim_users.v1']);
    assert.equal(manifest.nodes['model.shop.dim_users.v2']!.alias, 'dim_users_v2');
    assert.equal(manifest.nodes['model.shop.dim_users.v2']!.latest_version, 2);
    const v2 = byName.get('unique_dim_users_v2_id')!;
    assert.equal(v2.test_metadata?.kwargs.model, "{{ get_where_subquery(ref('dim_users', version='2')) }}");
    assert.equal(v2.attached_node, 'model.shop.dim_users.v2');
  } finally {
    await p.cleanup();
  }
});

test('a models: entry that names a seed still tests the seed (dbt builds the tests from ref), with a warning', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: farm\n',
    'seeds/hens.csv': 'hen_id,breed\n1,leghorn\n',
    'seeds/props.yml': `version: 2
models:
  - name: hens
    columns:
      - name: hen_id
        data_tests: [unique]
  - name: roosters
    columns:
      - name: id
        data_tests: [not_null]
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const tests = Object.values(loaded.manifest.nodes).filter((n) => n.resource_type === 'test');
    // The entry naming nothing keeps its tests too: linking finds no node for their ref and disables them.
    assert.deepEqual(tests.map((t) => t.name), ['unique_hens_hen_id', 'not_null_roosters_id']);
    assert.equal(tests[0]!.attached_node, 'seed.farm.hens');
    assert.deepEqual(tests[0]!.refs, [{ name: 'hens', package: null, version: null }]);
    assert.equal(tests[1]!.attached_node, null);
    assert.deepEqual(tests[1]!.refs, [{ name: 'roosters', package: null, version: null }]);
    // hens is a seed filed under models: (dbt's WrongResourceSchemaFile); roosters names nothing.
    assert.deepEqual(loaded.diagnostics.filter((d) => d.code.startsWith('patch-')).map((d) => d.code), ['patch-wrong-section', 'patch-missing-node']);
  } finally {
    await p.cleanup();
  }
});

test("a test's column is quoted by the column's quote, else the entry's quote_columns or source/table quoting", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: harbor\n',
    'models/berths.sql': 'select 1 as "BerthNo"',
    'models/props.yml': `version: 2
models:
  - name: berths
    quote_columns: true
    columns:
      - name: BerthNo
        data_tests: [unique]
      - name: Pier
        quote: false
        data_tests: [not_null]
sources:
  - name: port
    quoting: { column: false }
    tables:
      - name: ships
        quoting: { column: true }
        columns:
          - name: HullId
            data_tests: [unique]
      - name: crews
        columns:
          - name: CrewId
            data_tests: [unique]
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const columns = Object.values(loaded.manifest.nodes)
      .filter((n) => n.resource_type === 'test')
      .map((t) => `${t.name} ${String((t as { column_name?: unknown }).column_name)}`)
      .sort();
    assert.deepEqual(columns, [
      'not_null_berths_Pier Pier',
      'source_unique_port_crews_CrewId CrewId',
      'source_unique_port_ships__HullId_ "HullId"',
      'unique_berths__BerthNo_ "BerthNo"',
    ]);
  } finally {
    await p.cleanup();
  }
});

test('file extensions match ignoring case, as dbt globs them: a .SQL model gets its tests', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: harbor\n',
    'models/tides.SQL': 'select 1 as tide_id',
    'models/props.yml': 'version: 2\nmodels:\n  - name: tides\n    columns:\n      - name: tide_id\n        data_tests: [unique]\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(loaded.manifest.nodes['model.harbor.tides']?.original_file_path, 'models/tides.SQL');
    const tests = Object.values(loaded.manifest.nodes).filter((n) => n.resource_type === 'test');
    assert.deepEqual(tests.map((t) => t.attached_node), ['model.harbor.tides']);
  } finally {
    await p.cleanup();
  }
});

test('two tests that differ only in config collide with dbt\'s "two data_tests" error; a ref() in a test config is an invalid configuration', async () => {
  const twins = await writeProject({
    'dbt_project.yml': 'name: harbor\n',
    'models/docks.sql': 'select 1 as dock_id',
    'models/props.yml': 'version: 2\nmodels:\n  - name: docks\n    columns:\n      - name: dock_id\n        data_tests:\n          - unique:\n              config: {severity: warn}\n          - unique:\n              config: {severity: error}\n',
  });
  const refInConfig = await writeProject({
    'dbt_project.yml': 'name: harbor\n',
    'models/docks.sql': 'select 1 as dock_id',
    'models/props.yml': `version: 2\nmodels:\n  - name: docks\n    columns:\n      - name: dock_id\n        data_tests:\n          - not_null:\n              config:\n                where: "dock_id in (select dock_id from {{ ref('docks') }})"\n`,
  });
  try {
    await assert.rejects(loadProject({ projectDir: twins.dir, env: CLEAN_ENV }), /dbt found two data_tests with the name "unique_docks_dock_id"/);
    await assert.rejects(loadProject({ projectDir: refInConfig.dir, env: CLEAN_ENV }), /Invalid generic test configuration given in models\/props\.yml/);
  } finally {
    await twins.cleanup();
    await refInConfig.cleanup();
  }
});

test("a test's config: that is not a mapping, or repeats a top-level key, is refused in dbt's words", async () => {
  const props = (test: string) => `version: 2\nmodels:\n  - name: docks\n    columns:\n      - name: dock_id\n        data_tests:\n${test}`;
  const scalar = await writeProject({ 'dbt_project.yml': 'name: harbor\n', 'models/docks.sql': 'select 1 as dock_id', 'models/props.yml': props('          - unique:\n              config: "warn"\n') });
  const twice = await writeProject({ 'dbt_project.yml': 'name: harbor\n', 'models/docks.sql': 'select 1 as dock_id', 'models/props.yml': props('          - unique:\n              severity: warn\n              config: {severity: error}\n') });
  try {
    await assert.rejects(loadProject({ projectDir: scalar.dir, env: CLEAN_ENV }), /config: of a test must be a mapping \(a dict\), got 'warn'/);
    await assert.rejects(loadProject({ projectDir: twice.dir, env: CLEAN_ENV }), /Test cannot have the same key at the top-level and in config: 'severity'/);
  } finally {
    await scalar.cleanup();
    await twice.cleanup();
  }
});

test('a singular test described by a docs block kept beside it in tests/ (docs paths include the test paths)', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: harbor\n',
    'models/docks.sql': 'select 1 as dock_id',
    'tests/no_empty_docks.sql': "select * from {{ ref('docks') }} where dock_id is null",
    'tests/tests.yml': "data_tests:\n  - name: no_empty_docks\n    description: \"{{ doc('empty_docks') }}\"\n",
    'tests/empty_docks.md': '{% docs empty_docks %}\nEvery dock has a number.\n{% enddocs %}\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(loaded.manifest.nodes['test.harbor.no_empty_docks']?.description, 'Every dock has a number.');
  } finally {
    await p.cleanup();
  }
});

test('a data_tests: section whose entries have no name warns and is skipped, as dbt does', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: harbor\n',
    'models/docks.sql': 'select 1 as dock_id',
    'tests/no_empty_docks.sql': "select * from {{ ref('docks') }} where dock_id is null",
    'tests/tests.yml': 'data_tests:\n  - unique:\n      where: dock_id > 0\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.ok(loaded.manifest.nodes['test.harbor.no_empty_docks']);
    const warning = loaded.diagnostics.find((d) => d.severity === 'warning' && d.message.startsWith("Unable to parse 'data_tests' section of file 'tests/tests.yml'"));
    assert.match(warning?.message ?? '', /Entry did not contain a name/);
  } finally {
    await p.cleanup();
  }
});

test("tests: beside data_tests: on one entry, or in dbt_project.yml, is refused as dbt refuses it; either alone is fine", async () => {
  const props = (entry: string) => `version: 2\nmodels:\n  - name: docks\n${entry}`;
  const column = await writeProject({ 'dbt_project.yml': 'name: harbor\n', 'models/docks.sql': 'select 1 as dock_id', 'models/props.yml': props('    columns:\n      - name: dock_id\n        tests: [unique]\n        data_tests: [not_null]\n') });
  const model = await writeProject({ 'dbt_project.yml': 'name: harbor\n', 'models/docks.sql': 'select 1 as dock_id', 'models/props.yml': props('    tests: [unique]\n    data_tests: []\n') });
  const project = await writeProject({ 'dbt_project.yml': 'name: harbor\ntests:\n  +severity: warn\ndata_tests:\n  +tags: [nightly]\n', 'models/docks.sql': 'select 1 as dock_id' });
  const apart = await writeProject({ 'dbt_project.yml': 'name: harbor\ntests:\n  +severity: warn\n', 'models/docks.sql': 'select 1 as dock_id', 'models/props.yml': props('    tests: [unique]\n    columns:\n      - name: dock_id\n        data_tests: [not_null]\n') });
  try {
    await assert.rejects(loadProject({ projectDir: column.dir, env: CLEAN_ENV }), /Invalid test config: cannot have both 'tests' and 'data_tests' defined/);
    await assert.rejects(loadProject({ projectDir: model.dir, env: CLEAN_ENV }), /Invalid test config: cannot have both 'tests' and 'data_tests' defined/);
    await assert.rejects(loadProject({ projectDir: project.dir, env: CLEAN_ENV }), /Invalid project config: cannot have both 'tests' and 'data_tests' defined/);
    const loaded = await loadProject({ projectDir: apart.dir, env: CLEAN_ENV });
    const tests = Object.values(loaded.manifest.nodes).filter((n) => n.resource_type === 'test');
    assert.deepEqual(tests.map((t) => t.name).sort(), ['not_null_docks_dock_id', 'unique_docks_']);
  } finally {
    for (const p of [column, model, project, apart]) await p.cleanup();
  }
});

test("severity is upper-cased only on dbt's own not_null and unique; other tests and dbt_project.yml keep the case written", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: orchard\ndata_tests:\n  orchard:\n    +severity: warn\n',
    'models/apples.sql': "select 1 as apple_id, 'red' as colour",
    'tests/no_green.sql': "{{ config(severity='warn') }}\nselect * from {{ ref('apples') }} where colour = 'green'",
    'models/apples.yml': `version: 2
models:
  - name: apples
    columns:
      - name: apple_id
        data_tests:
          - not_null:
              severity: warn
          - unique
      - name: colour
        data_tests:
          - accepted_values:
              arguments: {values: [red, green]}
              config: {severity: error}
`,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const severity = (name: string) => Object.values(manifest.nodes).find((n) => n.name === name)?.config.severity;
    assert.equal(severity('not_null_apples_apple_id'), 'WARN');
    assert.equal(severity('unique_apples_apple_id'), 'warn', "the project's value is not the test entry's");
    assert.equal(severity('accepted_values_apples_colour__red__green'), 'error');
    assert.equal(severity('no_green'), 'warn');
  } finally {
    await p.cleanup();
  }
});

test("a generic test's id ends with the md5 of its name and dbt's repr of its metadata (keys sorted, values as str)", () => {
  const kwargs = { values: ['a', 1, true, null], column_name: 'c', model: "{{ get_where_subquery(ref('m')) }}", quote: false, opts: { z: 1.5, b: [2] } };
  const repr = "{'kwargs': {'column_name': 'c', 'model': \"{{ get_where_subquery(ref('m')) }}\", 'opts': {'b': ['2'], 'z': '1.5'}, 'quote': 'False', 'values': ['a', '1', 'True', 'None']}, 'name': 'accepted_values', 'namespace': 'None'}";
  const md5 = createHash('md5').update(`accepted_values_m_c${repr}`).digest('hex');
  assert.equal(testHash('accepted_values_m_c', { name: 'accepted_values', namespace: null, kwargs }), md5.slice(-10));
});

test('a test written as the bare name test_name is refused, as one whose test_name: is not a string', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\n',
    'models/m.sql': 'select 1 as id',
    'models/m.yml': 'models:\n  - name: m\n    data_tests:\n      - test_name\n',
  });
  try {
    await assert.rejects(loadProject({ projectDir: p.dir, env: CLEAN_ENV }), /test_name: must be a string/);
  } finally {
    await p.cleanup();
  }
});

test("a generic test's name joins the str() of a mapping argument's values and a list's items; an empty list adds no part", () => {
  assert.equal(synthesizeTestNames('x', 'm', { a: [], b: { k: 'v w', j: 2 }, c: 'z' }).fullName, 'x_m_v_w__2__z');
  assert.equal(synthesizeTestNames('x', 'm', { a: [], model: 'ignored' }).fullName, 'x_m_');
  assert.equal(synthesizeTestNames('x', 'm', { column_name: 'id', values: ['a-b', null] }).fullName, 'x_m_id__a_b__None');
});

test("a generic test's tags: the source's, table's and column's on the node only; its own in config unless it is not_null or unique", async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: shop\ndata_tests:\n  +tags: [quality]\n',
    'models/stg.sql': 'select 1 as id',
    'models/schema.yml': `version: 2
sources:
  - name: raw
    tags: [raw, zeta]
    tables:
      - name: orders
        tags: [orders]
        columns:
          - name: id
            tags: [key]
            data_tests:
              - not_null
              - accepted_values:
                  arguments: {values: [1]}
                  config: {tags: [strict]}
        data_tests:
          - unique:
              arguments: {column_name: id}
              config: {tags: [own]}
models:
  - name: stg
    columns:
      - name: id
        tags: [pii]
        data_tests: [unique]
`,
  });
  try {
    const { manifest } = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const byName = new Map(Object.values(manifest.nodes).filter((n) => n.resource_type === 'test').map((t) => [t.name, t]));
    const tagsOf = (name: string) => { const t = byName.get(name)!; assert.ok(t, [...byName.keys()].join(', ')); return [t.tags, t.config.tags]; };
    // dbt sorts the inherited and own tags, then appends the config's that are missing.
    assert.deepEqual(tagsOf('source_not_null_raw_orders_id'), [['key', 'orders', 'raw', 'zeta', 'quality'], ['quality']]);
    assert.deepEqual(tagsOf('source_accepted_values_raw_orders_id__1'), [['key', 'orders', 'raw', 'strict', 'zeta', 'quality'], ['quality', 'strict']]);
    assert.deepEqual(tagsOf('source_unique_raw_orders_id'), [['orders', 'own', 'raw', 'zeta', 'quality'], ['quality']]);
    assert.deepEqual(tagsOf('unique_stg_id'), [['pii', 'quality'], ['quality']]);
    assert.deepEqual(byName.get('source_unique_raw_orders_id')!.unrendered_config, { tags: ['quality'] });
  } finally {
    await p.cleanup();
  }
});
