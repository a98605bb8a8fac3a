import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from './index.js';
import { CLEAN_ENV, writeProject } from './test-project.js';

test("property files render column data_type, meta and constraints and a model's top-level meta as dbt does; descriptions and tests keep their Jinja", async () => {
  const p = await writeProject({
    'dbt_project.yml': "name: orchard\nprofile: orchard\nvars:\n  fruit_type: smallint\n",
    'models/apples.sql': 'select 1 as crate_id',
    'models/crate.md': '{% docs crate %}Crate number{% enddocs %}',
    'models/apples.yml': `version: 2
models:
  - name: apples
    meta: {picked_by: "{{ var('fruit_type') }}_team"}
    columns:
      - name: crate_id
        description: "{{ doc('crate') }}"
        data_type: "{{ var('fruit_type') if target.type == 'duckdb' else 'int' }}"
        meta: {weight: "{{ 3 * 4 }}"}
        constraints:
          - type: check
            expression: "crate_id > {{ 0 }}"
        data_tests:
          - accepted_values:
              values: ["{{ 1 }}"]
sources:
  - name: cellar
    tables:
      - name: barrels
        columns:
          - name: litres
            data_type: "{{ 'double' }}"
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    const apples = loaded.manifest.nodes['model.orchard.apples']!;
    const crate = apples.columns['crate_id']!;
    assert.equal(crate.data_type, 'smallint');
    assert.deepEqual(crate.meta, { weight: 12 });
    assert.deepEqual(crate.constraints, [{ type: 'check', expression: 'crate_id > 0' }]);
    assert.equal(crate.description, 'Crate number', 'descriptions resolve doc() afterwards');
    assert.deepEqual(apples.meta, { picked_by: 'smallint_team' });
    const test = Object.values(loaded.manifest.nodes).find((n) => n.resource_type === 'test')!;
    assert.match(JSON.stringify(test.test_metadata), /\{\{ 1 \}\}/, 'test arguments are rendered later, not here');
    assert.equal(loaded.manifest.sources['source.orchard.cellar.barrels']!.columns['litres']!.data_type, 'double');
  } finally {
    await p.cleanup();
  }
});

test("YAML values see dbt's base context: modules, fromjson/tojson, local_md5, dbt_version and builtins", async () => {
  const p = await writeProject({
    'dbt_project.yml': `name: orchard
profile: orchard
target-path: "out_{{ modules.datetime.date(2021, 3, 9).strftime('%Y%m%d') }}"
models:
  orchard:
    +meta:
      season: "{{ fromjson('{\\"s\\": \\"spring\\"}')['s'] }}"
      stamp: "{{ local_md5('pear')[:6] }}"
      pinned: "{{ dbt_version is string and builtins.tojson([1]) == '[1]' }}"
`,
    'models/pears.sql': 'select 1 as pear_id',
    'models/pears.yml': `version: 2
models:
  - name: pears
    config:
      tags: ["{{ modules.re.sub('[0-9]', '', 'ripe42') }}"]
`,
  });
  try {
    const loaded = await loadProject({ projectDir: p.dir, env: CLEAN_ENV });
    assert.equal(loaded.project.targetPath, 'out_20210309');
    const pears = loaded.manifest.nodes['model.orchard.pears']!;
    assert.deepEqual(pears.config.meta, { season: 'spring', stamp: '8893dc', pinned: true });
    assert.deepEqual(pears.config.tags, ['ripe']);
  } finally {
    await p.cleanup();
  }
});

test('a YAML value that is one Jinja expression keeps a list or mapping it gives, as dbt renders natively; mixed text stays text', async () => {
  const p = await writeProject({
    'dbt_project.yml': `name: orchard
profile: orchard
vars:
  shelf_tags: [fresh, local]
  owners: {team: pickers}
models:
  orchard:
    +tags: "{{ ['from_project'] }}"
`,
    'models/apples.sql': 'select 1 as crate_id',
    'models/apples.yml': `version: 2
models:
  - name: apples
    config:
      tags: "{{ var('shelf_tags') }}"
      meta: "{{ var('owners') }}"
      grants: {select: "{{- var('shelf_tags') -}}"}
      alias: "{{ var('shelf_tags') | join('_') }}"
    columns:
      - name: crate_id
        meta: {sizes: "{{ [1, 2] }}", label: "sizes {{ [1, 2] }}", n: "{{ 3 * 4 }}"}
`,
  });
  try {
    const apples = (await loadProject({ projectDir: p.dir, env: CLEAN_ENV })).manifest.nodes['model.orchard.apples']!;
    assert.deepEqual(apples.config.tags, ['from_project', 'fresh', 'local']);
    assert.deepEqual(apples.config.meta, { team: 'pickers' });
    assert.deepEqual(apples.config.grants, { select: ['fresh', 'local'] });
    assert.equal(apples.config.alias, 'fresh_local');
    assert.deepEqual(apples.columns['crate_id']!.meta, { sizes: [1, 2], label: 'sizes [1, 2]', n: 12 });
  } finally {
    await p.cleanup();
  }
});
