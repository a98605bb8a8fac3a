// dbt-duckdb features that real DuckDB projects lean on, through the CLI: source formatters,
// external-model locations (rendered Jinja, a project's external_location macro), the
// register_upstream_external_models and register_self_reference_external_models hooks with
// selected_resources, and the profile's attach:.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { csv, scenarioProject } from './incremental-scenario-kit.js';
import { queryDb } from './test-helpers.js';

describe('dbt-duckdb compatibility', () => {
  test("sources read files through their formatter; an unknown formatter is an error at the source's line", async () => {
    const p = await scenarioProject({
      'data/flights.csv': csv('FlightDate,UniqueCarrier', ['2024-01-02', 'AA'], ['2024-01-03', 'UA']),
      'data/carriers.csv': csv('code,name', ['AA', 'American'], ['UA', 'United']),
      'models/flights.sql': "select f.FlightDate, typeof(f.FlightDate) as t, c.name from {{ source('raw', 'flights') }} f join {{ source('raw', 'carriers') }} c on c.code = f.UniqueCarrier",
    });
    try {
      // A reader call is run as written, so its file is named absolutely (DuckDB reads from the working folder).
      p.write(
        'models/sources.yml',
        `version: 2
sources:
  - name: raw
    tables:
      - name: flights
        config:
          external_location: "read_csv('${join(p.dir, 'data')}/%(name)s.csv', header = true, types={'FlightDate': 'DATE'})"
          formatter: oldstyle
      - name: carriers
        config:
          external_location: "data/\${name}.csv"
          formatter: template
`,
      );
      await p.ok('build');
      assert.deepEqual(await p.rows('select t, name from main.flights order by FlightDate'), [
        ['DATE', 'American'],
        ['DATE', 'United'],
      ]);
      p.write('models/sources.yml', 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: flights\n        config:\n          external_location: "data/{name}.csv"\n          formatter: fstring\n');
      const bad = await p.run('parse');
      assert.equal(bad.code, 2);
      assert.match(bad.out + bad.err, /sources\.yml:5: .*formatter 'fstring'.*'newstyle', 'oldstyle', or 'template'/);
    } finally {
      await p.dispose();
    }
  });

  test('a source loaded by a dbt-duckdb (Python) plugin is read as it is in the warehouse, with a warning at its line', async () => {
    const p = await scenarioProject({
      'models/sources.yml': 'version: 2\nsources:\n  - name: sheets\n    schema: main\n    config:\n      plugin: gsheet\n    tables:\n      - name: budget\n',
      'models/budget_report.sql': "select * from {{ source('sheets', 'budget') }}",
    });
    try {
      await queryDb(join(p.dir, 'warehouse.duckdb'), 'create table main.budget as select 100 as amount');
      const run = await p.ok('build');
      assert.match(run.out + run.err, /sources\.yml:8: Source table 'sheets\.budget' is loaded by the dbt-duckdb plugin 'gsheet'/);
      assert.deepEqual(await p.rows('select amount from main.budget_report'), [[100]]);
    } finally {
      await p.dispose();
    }
  });

  test('external models: location renders Jinja, a project external_location macro names the files, and register_upstream_external_models serves unbuilt upstream models', async () => {
    const p = await scenarioProject(
      {
        'models/located.sql': `{{ config(materialized='external', location="{{ adapter.external_root() }}/located.parquet") }}\nselect 1 as id`,
        'models/by_macro.sql': "{{ config(materialized='external', format='csv') }}\nselect 1 as id, 'b' as label",
        'models/downstream.sql': "select l.id, m.label from {{ ref('located') }} l join {{ ref('by_macro') }} m using (id)",
        'macros/external_location.sql':
          "{%- macro external_location(relation, config) -%}\n  {{- adapter.external_root() }}/by_schema/{{ relation.schema }}/{{ relation.identifier }}.{{ config.get('format', 'parquet') }}\n{%- endmacro -%}\n",
      },
      "      external_root: exports\n    mem:\n      type: duckdb\n      path: ':memory:'\n      external_root: exports\n",
    );
    try {
      p.write(
        'dbt_project.yml',
        `name: scenario\nversion: '1.0'\nconfig-version: 2\nprofile: scenario\non-run-start:\n  - "{{ register_upstream_external_models() }}"\n  - "{{ log('selected: ' ~ selected_resources | join(','), info=True) }}"\n`,
      );
      await p.ok('build');
      assert.ok(existsSync(join(p.dir, 'exports', 'located.parquet')), 'location rendered');
      assert.ok(existsSync(join(p.dir, 'exports', 'by_schema', 'main', 'by_macro.csv')), "the project's external_location macro");
      assert.deepEqual(await p.rows('select id, label from main.downstream'), [[1, 'b']]);
      // A fresh in-memory warehouse has no views for the upstream external models: the hook makes them over their files.
      const partial = await p.ok('run', '--select', 'downstream', '--target', 'mem');
      assert.match(partial.out, /selected: model\.scenario\.downstream\n/);
      assert.match(partial.out, /OK created sql view model main\.downstream/);
    } finally {
      await p.dispose();
    }
  });

  test('register_self_reference_external_models lets an external model on a fresh in-memory warehouse read the files its last run wrote', async () => {
    const p = await scenarioProject(
      {
        'models/tally.sql':
          "{{ config(materialized='external') }}\n{% if var('first_run') == 'true' %}select 1 as n{% else %}select n from {{ this }} union all select max(n) + 1 from {{ this }}{% endif %}\n",
      },
      "      external_root: exports\n    mem:\n      type: duckdb\n      path: ':memory:'\n      external_root: exports\n",
    );
    try {
      p.write('dbt_project.yml', `name: scenario\nversion: '1.0'\nconfig-version: 2\nprofile: scenario\non-run-start:\n  - "{{ register_self_reference_external_models() }}"\n`);
      const file = join(p.dir, 'exports', 'tally.parquet');
      // The first run has no files to register; dbt-duckdb's macro skips when first_run is 'true'.
      await p.ok('run', '--target', 'mem', '--vars', "{first_run: 'true'}");
      // Later runs name first_run too: the macro reads var('first_run') with no default, as dbt-duckdb's does.
      await p.ok('run', '--target', 'mem', '--vars', "{first_run: 'false'}");
      await p.ok('run', '--target', 'mem', '--vars', "{first_run: 'false'}");
      assert.deepEqual(await p.rows(`select n from '${file}' order by n`), [[1], [2], [3]]);
    } finally {
      await p.dispose();
    }
  });

  test("the profile's attach: makes another DuckDB file a database that sources name", async () => {
    const p = await scenarioProject(
      {
        'models/sources.yml': 'version: 2\nsources:\n  - name: crm\n    database: crm\n    schema: main\n    tables:\n      - name: accounts\n',
        'models/accounts.sql': "{{ config(materialized='table') }}\nselect * from {{ source('crm', 'accounts') }}",
      },
      '      attach:\n        - path: crm_file.duckdb\n          alias: crm\n          read_only: true\n',
    );
    try {
      await queryDb(join(p.dir, 'crm_file.duckdb'), "create table accounts as select 7 as id, 'acme' as name");
      await p.ok('build');
      assert.deepEqual(await p.rows('select id, name from main.accounts'), [[7, 'acme']]);
      p.write('profiles.yml', "scenario:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: warehouse.duckdb\n      attach: crm_file.duckdb\n");
      const bad = await p.run('parse');
      assert.equal(bad.code, 2);
      assert.match(bad.out + bad.err, /attach: must be a list/);
    } finally {
      await p.dispose();
    }
  });
});
