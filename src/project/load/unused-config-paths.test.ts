import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

const unusedWarnings = (diagnostics: { code: string; message: string }[]) => diagnostics.filter((d) => d.code === 'unused-config-paths');

test('config paths that match no resource are listed in one warning, as dbt does', async () => {
  const p = await writeProject({
    'dbt_project.yml': `name: lake
profile: lake
models:
  +materialized: view
  lake:
    bronze:
      +schema: bronze
    silvr:
      +materialized: table
    gold:
      kpis:
        +tags: [kpi]
  audit_pkg:
    +schema: audit
seeds:
  lake:
    rates:
      +column_types: {rate: double}
    old_rates:
      +enabled: true
snapshots:
  lake:
    +target_schema: history
`,
    'models/bronze/raw_orders.sql': 'select 1 as id',
    'models/gold/kpis/daily.sql': 'select 1 as id',
    'seeds/rates.csv': 'rate\n1.5\n',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const warnings = unusedWarnings(loaded.diagnostics);
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0]!.message,
      'Configuration paths exist in your dbt_project.yml file which do not apply to any resources.\n' +
        'There are 4 unused configuration paths:\n- models.lake.silvr\n- models.audit_pkg\n- seeds.lake.old_rates\n- snapshots.lake',
    );
  } finally {
    await p.cleanup();
  }
});

test('disabled resources, dict configs written with + and root-level configs count as used', async () => {
  const p = await writeProject({
    'dbt_project.yml': `name: lake
profile: lake
models:
  +persist_docs: {relation: true}
  lake:
    legacy:
      +enabled: false
    bronze:
      +docs: {node_color: "#cd7f32"}
sources:
  lake:
    +enabled: true
data_tests:
  lake:
    +severity: warn
`,
    'models/legacy/old.sql': 'select 1 as id',
    'models/bronze/raw_orders.sql': "select * from {{ source('erp', 'orders') }}",
    'models/bronze/props.yml': `version: 2
sources:
  - name: erp
    tables:
      - name: orders
models:
  - name: raw_orders
    columns:
      - name: id
        data_tests: [not_null]
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.deepEqual(unusedWarnings(loaded.diagnostics), []);
  } finally {
    await p.cleanup();
  }
});

test('a single unused config path keeps dbt\'s plural wording', async () => {
  const p = await writeProject({
    'dbt_project.yml': 'name: harbor\nprofile: harbor\nmodels:\n  harbor:\n    cranes:\n      +materialized: view\n',
    'models/docks.sql': 'select 1 as berth',
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const warnings = unusedWarnings(loaded.diagnostics);
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0]!.message,
      'Configuration paths exist in your dbt_project.yml file which do not apply to any resources.\nThere are 1 unused configuration paths:\n- models.harbor.cranes',
    );
  } finally {
    await p.cleanup();
  }
});
